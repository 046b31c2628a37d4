using System.Diagnostics;

namespace OrleansAgents.TestingHost;

/// <summary>
/// A deterministic simulation: every silo, client, activation turn, timer, reminder, storage call and message delivery
/// of the clusters built inside it runs on one thread, in an order chosen by a seed, on a virtual clock that jumps
/// ahead when nothing is runnable. The same seed replays the same run (see <see cref="Trace"/>).
/// </summary>
/// <remarks>
/// Run a test body inside one with <see cref="RunAsync(SimulationOptions, Func{Simulation, Task})"/>: every
/// <see cref="TestCluster"/> the body builds is simulated, unchanged. Or build a single cluster with
/// <see cref="TestClusterBuilder.UseSimulation(int, SimulationFaults?)"/> directly in a test method.
/// </remarks>
public sealed class Simulation
{
    private readonly SimulationScheduler _scheduler;

    internal Simulation(SimulationScheduler scheduler)
    {
        _scheduler = scheduler;
    }

    /// <summary>The simulation whose thread this is, if any.</summary>
    public static Simulation? Current => SimulationScheduler.Current?.Facade;

    /// <summary>The seed.</summary>
    public int Seed => _scheduler.Seed;

    /// <summary>The faults injected from now on; set <see cref="SimulationFaults.None"/> to end a chaos window.</summary>
    public SimulationFaults Faults
    {
        get => _scheduler.Faults;
        set => _scheduler.Faults = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The virtual clock (unskewed; silos may read theirs skewed).</summary>
    public TimeProvider TimeProvider => _scheduler.Clock;

    /// <summary>Virtual time since the simulation started.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_scheduler.Now);

    /// <summary>The trace of every step so far.</summary>
    public SimulationTrace Trace => _scheduler.Trace;

    /// <summary>Every write storage applied.</summary>
    public StorageHistory Storage => _scheduler.Storage;

    /// <summary>How many faults were injected so far, by kind.</summary>
    public SimulationCounters Counters => _scheduler.Counters;

    /// <summary>The seeded generator: use it for a test's own random choices so that they replay too.</summary>
    public Random Random => _scheduler.Random;

    /// <summary>Work that reached the simulation from another thread (a determinism leak), with the stack that queued it.</summary>
    public IReadOnlyList<string> Leaks => _scheduler.Leaks;

    /// <summary>Registers an invariant: a check that returns <c>null</c> when it holds, else what is wrong. It runs after every step (see <see cref="SimulationOptions.CheckInvariantsAfterEveryStep"/>) and at the end.</summary>
    public void AddInvariant(string name, Func<string?> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(check);
        _scheduler.AddInvariant(name, check);
    }

    /// <summary>Runs every invariant now.</summary>
    /// <exception cref="SimulationFailedException">An invariant is violated, or the simulation failed before.</exception>
    public void CheckInvariants()
    {
        _scheduler.CheckInvariants();
        ThrowIfFailed();
    }

    /// <summary>Completes when nothing is runnable at the current virtual time (time does not move).</summary>
    public Task RunUntilIdleAsync() => _scheduler.WhenIdleAsync();

    /// <summary>Moves virtual time forward by <paramref name="span"/>, running everything due on the way, then runs until idle.</summary>
    public async Task AdvanceTimeAsync(TimeSpan span)
    {
        await Task.Delay(span, _scheduler.Clock);
        await _scheduler.WhenIdleAsync();
    }

    /// <summary>Seed, how to rerun it, virtual time, steps and the last steps: for failure messages.</summary>
    public string Describe() => _scheduler.Describe();

    /// <summary>Runs <paramref name="body"/> inside a new simulation with seed <paramref name="seed"/> and no faults.</summary>
    public static Task<SimulationReport> RunAsync(int seed, Func<Simulation, Task> body) =>
        RunAsync(new SimulationOptions { Seed = seed }, body);

    /// <summary>
    /// Runs <paramref name="body"/> inside a new simulation: on its thread, with virtual time moving whenever nothing
    /// else is runnable, until the body's task completes. Every <see cref="TestCluster"/> built inside is simulated.
    /// </summary>
    /// <returns>What ran: seed, trace hash, steps, virtual and wall time.</returns>
    /// <exception cref="SimulationFailedException">The body threw, an invariant was violated, the run hung, deadlocked or leaked; the message names the seed and how to rerun it.</exception>
    public static async Task<SimulationReport> RunAsync(SimulationOptions options, Func<Simulation, Task> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        var started = Stopwatch.GetTimestamp();
        using var scheduler = new SimulationScheduler(options);
        var simulation = scheduler.Facade;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Failed += error => done.TrySetException(error);
        scheduler.Hold();
        scheduler.Enqueue(
            new SimulationStep("test", "test", null, _ => StartBody(simulation, body, scheduler, done), null, scheduler.TestContext),
            external: true);
        try
        {
            await done.Task.ConfigureAwait(false);
        }
        catch (SimulationFailedException)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw new SimulationFailedException($"The test failed under simulation: {exception.Message}{Environment.NewLine}{scheduler.Describe()}", exception);
        }

        if (options.FailOnLeaks && scheduler.Leaks is { Count: > 0 } leaks)
        {
            throw new SimulationFailedException($"{leaks.Count} step(s) reached the simulation from another thread (determinism leaks; the run cannot replay exactly):{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}{Environment.NewLine}{scheduler.Describe()}");
        }

        return new SimulationReport(options.Seed, scheduler.Trace.Hash, scheduler.Trace.Steps, TimeSpan.FromTicks(scheduler.Now), Stopwatch.GetElapsedTime(started));
    }

    private static void StartBody(Simulation simulation, Func<Simulation, Task> body, SimulationScheduler scheduler, TaskCompletionSource done)
    {
        Task task;
        try
        {
            task = body(simulation);
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        task.ContinueWith(
            completed =>
            {
                scheduler.Release();
                if (completed.Exception is { } error)
                {
                    done.TrySetException(error.InnerExceptions);
                    return;
                }

                scheduler.CheckInvariants();
                if (scheduler.Failure is { } failure)
                {
                    done.TrySetException(failure);
                    return;
                }

                done.TrySetResult();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void ThrowIfFailed()
    {
        if (_scheduler.Failure is { } failure)
        {
            throw failure as SimulationFailedException ?? new SimulationFailedException(failure.Message, failure);
        }
    }
}

/// <summary>What one simulation run did.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="TraceHash">The hash of every step: equal for two runs of the same seed.</param>
/// <param name="Steps">How many steps ran.</param>
/// <param name="VirtualTime">How much virtual time passed.</param>
/// <param name="WallTime">How long it took in real time.</param>
public sealed record SimulationReport(int Seed, ulong TraceHash, long Steps, TimeSpan VirtualTime, TimeSpan WallTime);
