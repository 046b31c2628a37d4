using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>Finding installed server binaries and free loopback ports.</summary>
internal static class ServerBinaries
{
    /// <summary>What to run when a server binary is missing.</summary>
    public const string InstallHint = "Install the servers with `apt-get install -y postgresql redis-server` (CI's .ci/run does).";

    /// <summary>The first directory of <paramref name="candidates"/>, then of PATH, holding every one of <paramref name="files"/>.</summary>
    public static string? FindDirectory(IEnumerable<string> candidates, params string[] files) =>
        candidates
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(directory => files.All(file => IsFile(Path.Combine(directory, file))));

    /// <summary>A loopback port nothing listens on now, below the ephemeral range (see LoopbackPorts).</summary>
    public static int FreeLoopbackPort() => OrleansAgents.Tests.Shared.LoopbackPorts.Next();

    /// <summary>Whether <paramref name="path"/> is a file, following symbolic links (a dangling link does not count).</summary>
    private static bool IsFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && (file.LinkTarget is null || file.ResolveLinkTarget(returnFinalTarget: true)?.Exists == true);
    }
}
