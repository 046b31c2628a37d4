namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>Loopback ports nothing listens on, so silos of tests running side by side do not collide.</summary>
internal static class FreePorts
{
    /// <summary>A free loopback port below the ephemeral range, never handed out twice by this process.</summary>
    public static int Next() => OrleansAgents.Tests.Shared.LoopbackPorts.Next();

    /// <summary>A silo port and a gateway port, and the command-line arguments that set them.</summary>
    public static (int SiloPort, int GatewayPort, string[] Args) ForSilo()
    {
        var siloPort = Next();
        var gatewayPort = Next();
        while (gatewayPort == siloPort)
        {
            gatewayPort = Next();
        }

        return (siloPort, gatewayPort, [$"--OrleansAgents:Silo:SiloPort={siloPort}", $"--OrleansAgents:Silo:GatewayPort={gatewayPort}"]);
    }
}
