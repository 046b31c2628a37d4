using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;

namespace OrleansAgents.Hosting;

/// <summary>
/// Resumes the tasks of a silo that died within seconds instead of at the next recovery reminder tick: watches the
/// cluster membership and, when a silo becomes <see cref="SiloStatus.Dead"/> (crashed and declared dead, or shut down),
/// sweeps every in-flight index shard (<see cref="IAgentTaskRecoveryGrain.SweepAsync"/>), which calls every listed
/// task, so the orphaned ones activate on a live silo and resume. Only the oldest active silo (lowest generation, then
/// address) sweeps, so a death costs one sweep, not one per survivor; sweeping is idempotent, so two silos briefly
/// disagreeing about which is oldest only costs a second sweep.
/// </summary>
internal sealed partial class RecoverOnSiloDeath(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IGrainFactory grains,
    AgentTaskOptions options,
    ILogger<RecoverOnSiloDeath> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How many times a shard's sweep is tried (a shard on the dead silo may need a moment to reactivate).</summary>
    private const int SweepAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watching;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(RecoverOnSiloDeath), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <summary>Whether <paramref name="self"/> is the silo that sweeps in <paramref name="snapshot"/>: the oldest active one.</summary>
    internal static bool IsSweeper(ClusterMembershipSnapshot snapshot, SiloAddress self)
    {
        var oldest = snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.Generation)
            .ThenBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .FirstOrDefault();
        return oldest is not null && oldest.Equals(self);
    }

    /// <summary>The silos that are dead in <paramref name="current"/> and were not in <paramref name="previous"/>.</summary>
    internal static IReadOnlyList<SiloAddress> NewlyDead(ClusterMembershipSnapshot previous, ClusterMembershipSnapshot current) =>
        [.. current.Members.Values
            .Where(m => m.Status == SiloStatus.Dead && previous.GetSiloStatus(m.SiloAddress) is not SiloStatus.Dead and not SiloStatus.None)
            .Select(m => m.SiloAddress)];

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_watching is { } watching)
        {
            await watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var previous = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var dead = NewlyDead(previous, snapshot);
                previous = snapshot;
                if (dead.Count > 0 && IsSweeper(snapshot, localSilo.SiloAddress))
                {
                    await SweepAllAsync(dead, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception exception)
        {
            // Recovery falls back to the shards' reminders.
            Log.WatchFailed(logger, exception);
        }
    }

    private async Task SweepAllAsync(IReadOnlyList<SiloAddress> dead, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var silos = string.Join(", ", dead);
        Log.Sweeping(logger, silos, options.RecoveryShards);
        var remaining = await Task.WhenAll(AgentTaskRecoveryShards.All(options.RecoveryShards)
            .Select(shard => SweepShardAsync(shard, cancellationToken))).ConfigureAwait(false);
        Log.Swept(logger, silos, remaining.Sum(), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<int> SweepShardAsync(string shard, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<IAgentTaskRecoveryGrain>(shard).SweepAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < SweepAttempts)
            {
                Log.ShardRetry(logger, exception, shard, attempt);
                await Task.Delay(RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The shard's reminder sweeps it later.
                Log.ShardFailed(logger, exception, shard);
                return 0;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6201, LogLevel.Information, "Silo(s) {Silos} died: sweeping the {Shards} in-flight index shards to resume their tasks")]
        public static partial void Sweeping(ILogger logger, string silos, int shards);

        [LoggerMessage(6202, LogLevel.Information, "Recovery sweep after the death of {Silos} done in {ElapsedMs} ms: {InFlight} tasks in flight")]
        public static partial void Swept(ILogger logger, string silos, int inFlight, long elapsedMs);

        [LoggerMessage(6203, LogLevel.Debug, "Recovery sweep of shard {Shard} failed (attempt {Attempt}); retrying")]
        public static partial void ShardRetry(ILogger logger, Exception exception, string shard, int attempt);

        [LoggerMessage(6204, LogLevel.Warning, "Recovery sweep of shard {Shard} failed; its reminder sweeps it later")]
        public static partial void ShardFailed(ILogger logger, Exception exception, string shard);

        [LoggerMessage(6205, LogLevel.Warning, "Watching the cluster membership for dead silos failed; orphaned tasks resume at the recovery reminder's tick")]
        public static partial void WatchFailed(ILogger logger, Exception exception);
    }
}
