using System.Reflection;
using System.Text.Json;
using OrleansAgents.SiloHost.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Cli.Tests.Infrastructure;

/// <summary>Runs <c>oa</c> (the CLI's build output) as a process against the shared silo, as one user.</summary>
internal sealed class Oa(SiloProcess silo, string user, bool http = false)
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The CLI assembly built by its project, as recorded when this test project was built.</summary>
    public static string AssemblyPath { get; } =
        typeof(Oa).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssemblyPath").Value!;

    public string User { get; } = user;

    /// <summary>The arguments of an <c>oa</c> command against the silo as <see cref="User"/> (through the Orleans client, or its HTTP API with the test key).</summary>
    /// <remarks>A generous connect timeout: the machine running the tests may be busy, and a slow start is not what they test.</remarks>
    public string[] Args(params string[] command) => http
        ? [.. command, "--url", silo.HttpUrl, "--api-key", SiloProcess.HttpKey, "--connect-timeout", "60"]
        : [.. command, .. silo.ConnectArgs, "--user", User, "--connect-timeout", "60"];

    /// <summary>Runs <c>oa</c> with <paramref name="command"/> and exactly the connection options given.</summary>
    public static async Task<OaResult> RunWithAsync(string[] command, params string[] connection)
    {
        await using var process = ChildProcess.Start(AssemblyPath, [.. command, .. connection]);
        var exitCode = await process.WaitForExitAsync(CommandTimeout);
        return new OaResult(exitCode, process.Output, process.Error);
    }

    /// <summary>Starts <c>oa</c> with <paramref name="command"/> (the connection options are added).</summary>
    public ChildProcess Start(params string[] command) => ChildProcess.Start(AssemblyPath, Args(command));

    /// <summary>Runs <c>oa</c> to its end.</summary>
    public async Task<OaResult> RunAsync(params string[] command)
    {
        await using var process = Start(command);
        var exitCode = await process.WaitForExitAsync(CommandTimeout);
        return new OaResult(exitCode, process.Output, process.Error);
    }

    public static string NewUser() => "cli-" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>How an <c>oa</c> run ended and what it wrote.</summary>
internal sealed record OaResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    public string Transcript => string.Join('\n', Output.Concat(Error.Select(l => "stderr: " + l)));

    /// <summary>Each line of standard output as a JSON document (<c>--json</c>).</summary>
    public IReadOnlyList<JsonElement> JsonLines => [.. Output.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public void AssertExit(int expected) => Assert.True(ExitCode == expected, $"Expected exit code {expected}, got {ExitCode}. Output:\n{Transcript}");
}
