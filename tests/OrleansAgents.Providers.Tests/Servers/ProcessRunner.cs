using System.Diagnostics;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>Runs a command to completion with a bounded wait, as another OS user when asked.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="file"/> and returns its output; throws with the output when it fails or overruns.</summary>
    /// <param name="file">The executable.</param>
    /// <param name="arguments">Its arguments, passed without a shell.</param>
    /// <param name="timeout">How long to wait before killing it.</param>
    /// <param name="runAs">An OS user to run it as (through <c>runuser</c>), or <c>null</c> for the current user.</param>
    /// <param name="workingDirectory">Its working directory.</param>
    public static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout, string? runAs = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { "-u", runAs, "--", file })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{commandLine}' did not finish within {timeout}; it was killed.");
            }
        }

        string output;
        try
        {
            // A daemon started by the command may hold the pipes open; never wait on it for long.
            output = string.Concat(await stdout.WaitAsync(TimeSpan.FromSeconds(5)), await stderr.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        catch (TimeoutException)
        {
            output = "(output unavailable: the pipes stayed open)";
        }

        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"'{commandLine}' exited with code {process.ExitCode}: {output}");
    }
}
