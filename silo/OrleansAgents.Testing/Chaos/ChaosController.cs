using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace OrleansAgents.Testing;

/// <summary>
/// The chaos of one <see cref="AgentTestCluster"/> (built with <see cref="AgentTestClusterBuilder.UseChaos"/>): its seed,
/// the on/off switch, the fault rates, what storage applied, and silo faults at seeded points of virtual time.
/// </summary>
public sealed class ChaosController
{
    /// <summary>
    /// How long (real time) a silo kill, stop, start or the wait for membership to settle may take before it fails: a
    /// deadline against a hang, not a wait. Silo stops and starts wait on membership and on Orleans' own real-time
    /// timers, so on a loaded machine one can take tens of seconds.
    /// </summary>
    public static readonly TimeSpan SiloOperationDeadline = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, long> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<FaultInjectingGrainStorage> _storages = [];
    private AgentTestCluster? _cluster;
    private volatile bool _enabled;
    private long _epoch;
    private int _faultsUnderWay;

    internal ChaosController(ChaosSeed seed, ChaosOptions options)
    {
        Seed = seed;
        Storage = options.Storage;
        Calls = [.. options.Calls];
        _enabled = options.EnabledAtStart;
    }

    /// <summary>The seed every fault decision is drawn from.</summary>
    public ChaosSeed Seed { get; }

    /// <summary>Whether storage and call faults are injected now (silo faults happen only when asked for).</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>The storage fault rates (may be changed while the cluster runs).</summary>
    public StorageFaults Storage { get; }

    /// <summary>The call fault rules.</summary>
    public IReadOnlyList<CallFaultRule> Calls { get; }

    /// <summary>Every write the decorated providers applied, including those reported as timed out.</summary>
    public StorageHistory Writes { get; } = new();

    /// <summary>How many faults were injected so far.</summary>
    public ChaosCounters Counters { get; } = new();

    /// <summary>
    /// Counts silo fault boundaries: one more when a silo fault starts while none is under way, one more when the last
    /// under way ends (for <see cref="ApplyAsync"/> and <see cref="RunAsync"/>, after the replacement silo joined and
    /// membership settled). Even while no silo fault is under way; two reads with the same even value bracket a stretch
    /// no silo fault touched (an epoch).
    /// </summary>
    public long SiloFaultEpoch => Interlocked.Read(ref _epoch);

    private AgentTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The chaos cluster has not been built yet.");

    /// <summary>
    /// Draws <paramref name="count"/> silo faults at points within <paramref name="window"/> of virtual time, of the
    /// given <paramref name="kinds"/> (all kinds when none given), from the seed; sorted by time.
    /// </summary>
    public IReadOnlyList<SiloFault> PlanSiloFaults(TimeSpan window, int count, params SiloFaultKind[] kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var choices = kinds is { Length: > 0 } ? kinds : Enum.GetValues<SiloFaultKind>();
        var random = Seed.CreateRandom("silo-faults");
        return [.. Enumerable.Range(0, count)
            .Select(_ => new SiloFault(window * random.NextDouble(), choices[random.Next(choices.Length)], random.Next(1024)))
            .OrderBy(f => f.At)];
    }

    /// <summary>
    /// Moves the cluster's fake clock forward by <paramref name="duration"/> in steps of <paramref name="step"/> (default
    /// 100 ms), applying each of <paramref name="plan"/>'s faults once the clock passed its time. The clock keeps moving
    /// while a silo stops or joins, so calls it cut off end at their (fake-time) response timeout.
    /// </summary>
    public async Task RunAsync(IEnumerable<SiloFault> plan, TimeSpan duration, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var size = step ?? TimeSpan.FromMilliseconds(100);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero, nameof(step));
        var due = new Queue<SiloFault>(plan.OrderBy(f => f.At));
        for (var elapsed = TimeSpan.Zero; ;)
        {
            while (due.Count > 0 && due.Peek().At <= elapsed)
            {
                await ApplyAsync(due.Dequeue()).ConfigureAwait(false);
            }

            if (elapsed >= duration)
            {
                return;
            }

            var next = duration - elapsed < size ? duration - elapsed : size;
            await Cluster.AdvanceAsync(next, next).ConfigureAwait(false);
            elapsed += next;
        }
    }

    /// <summary>Applies one silo fault now (see <see cref="SiloFaultKind"/>); a cluster of one silo has no victim and is left alone.</summary>
    public async Task ApplyAsync(SiloFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var silos = Cluster.Cluster.Silos;
        if (silos.Count < 2)
        {
            return;
        }

        var victim = silos[1 + (fault.Victim % (silos.Count - 1))];
        using var underWay = BeginFault();
        switch (fault.Kind)
        {
            case SiloFaultKind.Kill:
                await KillSiloAsync(victim).ConfigureAwait(false);
                await Cluster.DriveAsync(Cluster.Cluster.StartAdditionalSiloAsync(), SiloOperationDeadline).ConfigureAwait(false);
                break;
            case SiloFaultKind.Stop:
                await StopSiloAsync(victim).ConfigureAwait(false);
                await Cluster.DriveAsync(Cluster.Cluster.StartAdditionalSiloAsync(), SiloOperationDeadline).ConfigureAwait(false);
                break;
            default:
                await RestartSiloAsync(victim).ConfigureAwait(false);
                break;
        }

        await Cluster.DriveAsync(Cluster.Cluster.WaitForLivenessToStabilizeAsync(), SiloOperationDeadline).ConfigureAwait(false);
    }

    /// <summary>
    /// Crashes <paramref name="silo"/>: fences its decorated storage first (a dead process writes nothing, though in an
    /// in-process cluster its code still runs), then kills it without a graceful stop, driving the clock meanwhile.
    /// </summary>
    public async Task KillSiloAsync(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var underWay = BeginFault();
        Fence(silo.SiloAddress);
        Counters.SiloFaulted();
        await Cluster.DriveAsync(Cluster.Cluster.KillSiloAsync(silo), SiloOperationDeadline).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="silo"/> gracefully, driving the clock meanwhile.</summary>
    public async Task StopSiloAsync(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var underWay = BeginFault();
        Counters.SiloFaulted();
        await Cluster.DriveAsync(Cluster.Cluster.StopSiloAsync(silo), SiloOperationDeadline).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="silo"/> gracefully and starts its instance again, driving the clock meanwhile.</summary>
    public async Task<InProcessSiloHandle> RestartSiloAsync(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var underWay = BeginFault();
        Counters.SiloFaulted();
        return await Cluster.DriveAsync(Cluster.Cluster.RestartSiloAsync(silo), SiloOperationDeadline).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Silo {silo.Name} did not restart.");
    }

    internal void Attach(AgentTestCluster cluster) => _cluster = cluster;

    internal void Register(FaultInjectingGrainStorage storage) => _storages.Add(storage);

    /// <summary>The next index (0, 1, …) of the operations counted under <paramref name="key"/>.</summary>
    internal long NextIndex(string key) => _indexes.AddOrUpdate(key, 0, static (_, n) => n + 1);

    private FaultUnderWay BeginFault()
    {
        if (Interlocked.Increment(ref _faultsUnderWay) == 1)
        {
            Interlocked.Increment(ref _epoch);
        }

        return new FaultUnderWay(this);
    }

    private void EndFault()
    {
        if (Interlocked.Decrement(ref _faultsUnderWay) == 0)
        {
            Interlocked.Increment(ref _epoch);
        }
    }

    private void Fence(SiloAddress silo)
    {
        foreach (var storage in _storages.Where(s => s.Silo.Equals(silo)))
        {
            storage.Fence();
        }
    }

    private readonly struct FaultUnderWay(ChaosController chaos) : IDisposable
    {
        public void Dispose() => chaos.EndFault();
    }
}
