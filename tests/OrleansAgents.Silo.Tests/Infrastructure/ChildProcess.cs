using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// A real executable of this repository as a child process (<c>dotnet OrleansAgents.Silo.dll ...</c>), with its
/// standard output and error collected line by line. Every wait has a deadline; disposal kills a process that is
/// still running.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    /// <summary>The silo assembly built by the silo project, as recorded when this test project was built.</summary>
    public static string SiloAssemblyPath { get; } = BuiltAssembly("SiloAssemblyPath");

    /// <summary>The separate Orleans client (tests/OrleansAgents.ClientProcess), as recorded when this test project was built.</summary>
    public static string ClientProcessAssemblyPath { get; } = BuiltAssembly("ClientProcessAssemblyPath");

    public IReadOnlyList<string> Output => Snapshot(_output);

    public IReadOnlyList<string> Error => Snapshot(_error);

    /// <summary>Everything the process wrote, for assertion messages.</summary>
    public string Transcript => string.Join('\n', Output.Concat(Error.Select(line => "stderr: " + line)));

    /// <summary>Starts the silo executable.</summary>
    public static ChildProcess StartSilo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(SiloAssemblyPath, args, environment);

    /// <summary>Starts the executable <paramref name="assemblyPath"/> with <c>dotnet</c>, in its own directory.</summary>
    public static ChildProcess Start(string assemblyPath, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(assemblyPath), $"The executable was not built at {assemblyPath}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OrleansAgents__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(child._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to exit (and its output to drain) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The process did not exit within {timeout}. Output so far:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for a line of standard output matching <paramref name="predicate"/>; fails if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string description)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_output.FirstOrDefault(predicate) is { } existing)
            {
                return existing;
            }

            _waiters.Add((predicate, found));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));

        // Judged by whether the line came, not by which task WhenAny saw first: found completes its continuations
        // asynchronously, so a process that writes the line and exits at once can make WhenAny report the exit first.
        if (found.Task.IsCompleted)
        {
            return await found.Task;
        }

        Assert.Fail(first == exited
            ? $"The process exited (code {_process.ExitCode}) before writing {description}. Output:\n{Transcript}"
            : $"The process did not write {description} within {timeout}. Output so far:\n{Transcript}");
        return string.Empty;
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> or a service manager would.</summary>
    public void Terminate()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM needs a POSIX system.");
        Assert.Equal(0, Kill(_process.Id, SigTerm));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string BuiltAssembly(string key) =>
        typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The {key} metadata is empty.");

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private void OnLine(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
            if (lines != _output)
            {
                return;
            }

            foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }

    private List<string> Snapshot(List<string> lines)
    {
        lock (_lock)
        {
            return [.. lines];
        }
    }
}
