using System.Diagnostics;
using System.Globalization;

namespace OrleansAgents.TestingHost;

/// <summary>
/// Runs a whole simulated cluster on one dedicated thread: a seeded choice among the runnable steps (activation
/// turns, message deliveries, responses, timer callbacks, test and agent continuations), and a virtual clock that
/// jumps to the next timer when nothing is runnable and someone (a test body, a cluster) holds the simulation.
/// Anything that reaches the scheduler from another thread is a determinism leak: it is still run (so nothing
/// hangs), but recorded in <see cref="Leaks"/> with the stack that caused it.
/// </summary>
internal sealed partial class SimulationScheduler : IDisposable
{
    [ThreadStatic]
    private static SimulationScheduler? _current;

    private readonly object _gate = new();
    private readonly Queue<SimulationStep> _foreign = new();
    private readonly List<SimulationStep> _runnable = [];
    private readonly List<string> _leaks = [];
    private readonly List<(string Name, Func<string?> Check)> _invariants = [];
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly Thread _thread;
    private int _holds;
    private bool _shutdown;
    private bool _finished;

    public SimulationScheduler(SimulationOptions options)
    {
        Options = options;
        Seed = options.Seed;
        Random = new Random(options.Seed);
        Faults = options.Faults;
        Clock = new VirtualClock(this, TimeSpan.Zero);
        TestContext = new SimulationContext(this, "test");
        WorkContext = new SimulationContext(this, "offturn");
        Facade = new Simulation(this);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"simulation-{options.Seed}" };
        _thread.Start();
    }

    /// <summary>The public face of this scheduler.</summary>
    public Simulation Facade { get; }

    /// <summary>The scheduler whose thread this is, if any.</summary>
    public static SimulationScheduler? Current => _current;

    public SimulationOptions Options { get; }

    public int Seed { get; }

    /// <summary>The seeded generator behind every choice: the next step, fault decisions, grain jitter.</summary>
    public Random Random { get; }

    public SimulationFaults Faults { get; set; }

    /// <summary>The unskewed virtual clock (the client's and the test's).</summary>
    public VirtualClock Clock { get; }

    public SimulationContext TestContext { get; }

    public SimulationContext WorkContext { get; }

    public SimulationTrace Trace { get; } = new();

    public StorageHistory Storage { get; } = new();

    public SimulationCounters Counters { get; } = new();

    /// <summary>Virtual time since the start, in ticks.</summary>
    public long Now { get; private set; }

    public bool IsOnSimulationThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    public Exception? Failure { get; private set; }

    /// <summary>Called on the simulation thread when it fails, so that waiting callers are released.</summary>
    public event Action<Exception>? Failed;

    public IReadOnlyList<string> Leaks
    {
        get
        {
            lock (_gate)
            {
                return [.. _leaks];
            }
        }
    }

    private static readonly TimeSpan FailureGrace = TimeSpan.FromMinutes(10);
    private long _generation;
    private long _failedAt;

    /// <summary>The next silo generation: increasing, and the same in every run of a seed.</summary>
    public long NextGeneration() => ++_generation;

    public void AddInvariant(string name, Func<string?> check)
    {
        lock (_gate)
        {
            _invariants.Add((name, check));
        }
    }

    /// <summary>Keeps virtual time moving while a test body or a cluster waits on the simulation.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _holds++;
            Monitor.PulseAll(_gate);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _holds--;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Queues a step. From another thread it is a leak unless <paramref name="external"/> (a test entering the simulation).</summary>
    public void Enqueue(SimulationStep step, bool external = false)
    {
        if (IsOnSimulationThread)
        {
            _runnable.Add(step);
            return;
        }

        lock (_gate)
        {
            if (!external)
            {
                RecordLeakLocked($"{step.Kind} step queued from thread {Environment.CurrentManagedThreadId}");
            }

            if (_finished)
            {
                // The simulation is over: run it on the pool rather than never.
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.Run(s.State), step, preferLocal: false);
                return;
            }

            _foreign.Enqueue(step);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Runs <paramref name="operation"/> on the simulation thread and returns its task (a test entering the simulation).</summary>
    public Task Enter(Func<Task> operation) => Enter(async () =>
    {
        await operation();
        return true;
    });

    /// <summary>Runs <paramref name="operation"/> on the simulation thread and returns its task (a test entering the simulation).</summary>
    public Task<T> Enter<T>(Func<Task<T>> operation)
    {
        if (IsOnSimulationThread)
        {
            return operation();
        }

        var start = new Task<Task<T>>(operation);
        Enqueue(new SimulationStep("enter", "test", null, static s => ((Task<Task<T>>)s!).RunSynchronously(TaskScheduler.Default), start, null), external: true);
        return start.Unwrap();
    }

    /// <summary>Runs work off any grain turn, as a step with the simulation's work context.</summary>
    public Task<T> RunOffTurn<T>(Func<Task<T>> work, string who)
    {
        var start = new Task<Task<T>>(work);
        Enqueue(new SimulationStep("offturn", who, null, static s => ((Task<Task<T>>)s!).RunSynchronously(TaskScheduler.Default), start, WorkContext));
        return start.Unwrap();
    }

    /// <summary>Completes when nothing is runnable at the current virtual time.</summary>
    public Task WhenIdleAsync()
    {
        var idle = new TaskCompletionSource();
        if (IsOnSimulationThread)
        {
            _idleWaiters.Add(idle);
        }
        else
        {
            Enqueue(new SimulationStep("idle-wait", "test", null, static s => { var (scheduler, waiter) = ((SimulationScheduler, TaskCompletionSource))s!; scheduler._idleWaiters.Add(waiter); }, (this, idle), null), external: true);
        }

        return idle.Task;
    }

    /// <summary>Fails the simulation: no more virtual time passes, and <see cref="Failed"/> releases waiting callers.</summary>
    public void Fail(Exception error)
    {
        if (Failure is not null)
        {
            return;
        }

        Failure = error;
        _failedAt = Now;
        if (IsOnSimulationThread)
        {
            Failed?.Invoke(error);
        }
        else
        {
            Enqueue(new SimulationStep("fail", "sim", null, s => Failed?.Invoke((Exception)s!), error, null), external: true);
        }
    }

    /// <summary>Describes where the simulation is, for failure messages: seed, how to rerun, virtual time, last steps.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"Simulation seed {Seed} (rerun with {SimulationSeeds.SeedVariable}={Seed}), virtual time {TimeSpan.FromTicks(Now)}, {Trace.Describe()}");

    public void Dispose()
    {
        lock (_gate)
        {
            _shutdown = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void RecordLeakLocked(string what)
    {
        if (_leaks.Count < 20)
        {
            _leaks.Add($"{what}:{Environment.NewLine}{new StackTrace(2, false)}");
        }
    }

    private void Loop()
    {
        _current = this;
        SynchronizationContext.SetSynchronizationContext(null);
        var idleSince = 0L;
        while (true)
        {
            lock (_gate)
            {
                while (_foreign.TryDequeue(out var step))
                {
                    _runnable.Add(step);
                }
            }

            ReleaseDueTimers();
            if (_runnable.Count > 0)
            {
                RunOne();
                idleSince = 0;
                continue;
            }

            if (_idleWaiters.Count > 0)
            {
                var waiters = _idleWaiters.ToArray();
                _idleWaiters.Clear();
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }

                continue;
            }

            bool held;
            lock (_gate)
            {
                held = _holds > 0;
            }

            // After a failure time still moves for a while, so that callers waiting on the failed cluster time out
            // instead of hanging; then it stops.
            if (held && (Failure is null || Now < _failedAt + FailureGrace.Ticks) && TryAdvanceTime())
            {
                CheckLimits();
                continue;
            }

            lock (_gate)
            {
                if (_foreign.Count > 0)
                {
                    continue;
                }

                if (_shutdown && (_holds == 0 || Failure is not null))
                {
                    _finished = true;
                    return;
                }

                if (held && Failure is null)
                {
                    // Held, but nothing is runnable and no timer is armed: only another thread can still make progress.
                    idleSince = idleSince == 0 ? Stopwatch.GetTimestamp() : idleSince;
                    if (Stopwatch.GetElapsedTime(idleSince) > Options.DeadlockWait)
                    {
                        Fail(new SimulationFailedException($"Deadlock: the simulation is held but nothing is runnable and no timer is armed. {Describe()}"));
                        continue;
                    }

                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(20));
                }
                else
                {
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(200));
                }
            }
        }
    }

    private void RunOne()
    {
        var index = _runnable.Count == 1 ? 0 : Random.Next(_runnable.Count);
        var step = _runnable[index];
        _runnable[index] = _runnable[^1];
        _runnable.RemoveAt(_runnable.Count - 1);
        Trace.Record(step.Kind, step.Who, step.Label?.ToString(), Now);
        SynchronizationContext.SetSynchronizationContext(step.Context);
        try
        {
            step.Run(step.State);
        }
        catch (Exception exception)
        {
            Fail(new SimulationFailedException($"A {step.Kind} step of {step.Who} threw: {exception.Message}. {Describe()}", exception));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        if (Options.CheckInvariantsAfterEveryStep)
        {
            CheckInvariants();
        }

        CheckLimits();
    }

    /// <summary>Runs every registered invariant now; the first violation fails the simulation.</summary>
    public void CheckInvariants()
    {
        if (Failure is not null)
        {
            return;
        }

        (string Name, Func<string?> Check)[] invariants;
        lock (_gate)
        {
            invariants = [.. _invariants];
        }

        foreach (var (name, check) in invariants)
        {
            if (check() is { } violation)
            {
                Fail(new SimulationFailedException($"Invariant '{name}' violated: {violation}. {Describe()}"));
                return;
            }
        }
    }

    private void CheckLimits()
    {
        if (Failure is null && (Now > Options.MaxVirtualTime.Ticks || Trace.Steps > Options.MaxSteps))
        {
            Fail(new SimulationFailedException(
                $"The simulation ran past its limits ({Options.MaxVirtualTime} virtual, {Options.MaxSteps} steps) without the test finishing: " +
                $"a hang, or a test awaiting something outside the simulation (a real Task.Delay, TimeProvider.System). {Describe()}"));
        }
    }
}
