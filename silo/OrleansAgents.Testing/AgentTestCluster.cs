using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansAgents.Agents;

namespace OrleansAgents.Testing;

/// <summary>
/// A running test cluster of the agent runtime (built by <see cref="AgentTestClusterBuilder"/>): the Orleans
/// <see cref="InProcessTestCluster"/>, its client, the fake clock, and helpers to drive time and await conditions.
/// </summary>
public sealed class AgentTestCluster : IAsyncDisposable
{
    /// <summary>How long (real time) <see cref="DisposeAsync"/> waits for the silos and the client to stop before it fails.</summary>
    public static readonly TimeSpan DisposeDeadline = TimeSpan.FromSeconds(90);

    private readonly FakeTimeProvider? _time;
    private readonly ChaosController? _chaos;
    private readonly SharedGrainStore? _sharedStore;

    internal AgentTestCluster(InProcessTestCluster cluster, FakeTimeProvider? time, ChaosController? chaos, SharedGrainStore? sharedStore)
    {
        Cluster = cluster;
        _time = time;
        _chaos = chaos;
        _sharedStore = sharedStore;
    }

    /// <summary>The cluster's seeded faults.</summary>
    /// <exception cref="InvalidOperationException">The cluster was built without <see cref="AgentTestClusterBuilder.UseChaos"/>.</exception>
    public ChaosController Chaos => _chaos ?? throw new InvalidOperationException("This cluster has no chaos; build it with UseChaos(seed).");

    /// <summary>The in-process store behind the shared storage providers.</summary>
    /// <exception cref="InvalidOperationException">The cluster was built without <see cref="AgentTestClusterBuilder.UseSharedStorage"/>.</exception>
    public SharedGrainStore SharedStore => _sharedStore ?? throw new InvalidOperationException("This cluster has no shared storage; build it with UseSharedStorage().");

    /// <summary>The Orleans test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster's client (grain factory and stream provider).</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The clock every silo and the client use.</summary>
    /// <exception cref="InvalidOperationException">The cluster runs on real time (<see cref="AgentTestClusterBuilder.UseRealTime"/>).</exception>
    public FakeTimeProvider Time => _time ?? throw new InvalidOperationException("This cluster runs on the real clock; build it without UseRealTime() to drive time.");

    /// <summary>Whether the cluster runs on a <see cref="FakeTimeProvider"/>.</summary>
    public bool HasFakeTime => _time is not null;

    /// <summary>An <see cref="AgentClient"/> acting for <paramref name="userId"/>.</summary>
    public AgentClient ClientFor(string userId) => new(Client, new AgentCaller(userId));

    /// <summary>An <see cref="AgentClient"/> acting as an admin.</summary>
    public AgentClient AdminClient() => new(Client, AgentCaller.Admin);

    /// <summary>Moves the fake clock forward by <paramref name="by"/>, in steps of at most <paramref name="step"/> (default 1 s).</summary>
    /// <remarks>
    /// Each step fires what is due and then makes one round trip to a grain, so that work woken by the step (an agent's
    /// retry, a reminder tick) gets to run before the next step.
    /// </remarks>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var size = step ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero, nameof(step));
        for (var left = by; left > TimeSpan.Zero; left -= size)
        {
            Time.Advance(left < size ? left : size);
            await Settle().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Awaits <paramref name="condition"/> until <paramref name="deadline"/> of real time passes, moving the fake clock
    /// forward by <paramref name="step"/> between checks when the cluster has one (so timeouts, backoffs and reminders
    /// come due). Fails with <paramref name="because"/> when the deadline passes.
    /// </summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline, string because, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"Not within {deadline}: {because}");
            }

            if (_time is not null)
            {
                _time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }

            await Settle().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Awaits <paramref name="work"/> (a call, a silo stop) while moving the fake clock forward by <paramref name="step"/>
    /// (default 100 ms) between checks: a call that waits on grain time, or that a stopped silo will never answer (it ends
    /// at its response timeout, which runs on the fake clock), completes. Fails after <paramref name="deadline"/> of real
    /// time (default 30 s).
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> work, TimeSpan? deadline = null, TimeSpan? step = null)
    {
        await DriveAsync((Task)work, deadline, step).ConfigureAwait(false);
        return await work.ConfigureAwait(false);
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T}, TimeSpan?, TimeSpan?)"/>
    public async Task DriveAsync(Task work, TimeSpan? deadline = null, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!work.IsCompleted)
        {
            await EventuallyAsync(() => Task.FromResult(work.IsCompleted), deadline ?? TimeSpan.FromSeconds(30), "the awaited work to complete", step).ConfigureAwait(false);
        }

        await work.ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the task is terminal, driving the fake clock (see <see cref="EventuallyAsync"/>), and returns it as
    /// it ended.
    /// </summary>
    public async Task<AgentTaskSnapshot> WaitForTerminalAsync(string taskId, AgentCaller caller, TimeSpan? deadline = null, TimeSpan? step = null)
    {
        var task = Client.GetGrain<IAgentTaskGrain>(taskId);
        AgentTaskSnapshot? last = null;
        await EventuallyAsync(
            async () => (last = await task.GetAsync(caller).ConfigureAwait(false)).Status.IsTerminal(),
            deadline ?? TimeSpan.FromSeconds(30),
            $"task '{taskId}' should reach a terminal status (last seen {last?.Status})",
            step).ConfigureAwait(false);
        return last!;
    }

    /// <summary>
    /// Stops the silos and the client. With a fake clock, the clock is moved forward while they stop: a call that a
    /// stopping silo never answers (it is already gone) ends at its response timeout, which runs on the fake clock, and
    /// would otherwise hold the shutdown until Orleans' real-time stop limit (about 30 s). Fails with a
    /// <see cref="TimeoutException"/> after <see cref="DisposeDeadline"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var disposing = Cluster.DisposeAsync().AsTask();
        if (_time is null)
        {
            await disposing.ConfigureAwait(false);
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        while (!disposing.IsCompleted)
        {
            if (TimeProvider.System.GetElapsedTime(started) > DisposeDeadline)
            {
                // A stop that never ends would otherwise hang the test run: fail it, saying so.
                throw new TimeoutException($"The test cluster did not stop within {DisposeDeadline} of real time while its fake clock moved.");
            }

            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System)).ConfigureAwait(false);
        }

        await disposing.ConfigureAwait(false);
    }

    /// <summary>Lets work that a clock step woke run: one round trip through the cluster's scheduler and back.</summary>
    private Task Settle() => Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
}
