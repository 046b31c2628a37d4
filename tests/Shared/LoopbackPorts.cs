using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Tests.Shared;

/// <summary>
/// Loopback ports for servers and silos that tests start. A port the OS hands out for "port 0" comes from the
/// ephemeral range (32768-60999 on Linux), the same range every outgoing connection's local port comes from, so by
/// the time the server binds it an Orleans client or database connection may hold it. These ports come from below
/// that range instead: random, never twice in one process, and free (bound and released) when handed out.
/// </summary>
internal static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    /// <summary>A loopback port nothing listens on now and that this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (Handed.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                Handed.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port found in {First}-{Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
