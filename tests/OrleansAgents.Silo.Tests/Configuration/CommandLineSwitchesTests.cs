using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class CommandLineSwitchesTests
{
    [Fact]
    public void The_demo_switch_becomes_a_configuration_key_and_leaves_the_next_argument_alone()
    {
        var args = CommandLineSwitches.Normalize(["--demo", "--OrleansAgents:Silo:SiloName=a"]);

        Assert.Equal(["--OrleansAgents:Demo:Enabled=true", "--OrleansAgents:Silo:SiloName=a"], args);
    }
}
