using System.Globalization;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Tests.Fixtures;
using OrleansAgents.Streams.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>
/// A stream workload for simulations: grain subscribers spread over three silos and a client subscriber on one stream,
/// a client publishing events one after another (retrying what the faults explain), a silo killed and another started
/// at a seeded moment, then a chaos window's end and marker events. Every delivery is recorded per subscriber and
/// checked against what the in-memory provider guarantees (see <see cref="Check"/>).
/// </summary>
public static class StreamWorkload
{
    private const int Events = 40;
    private const int Markers = 10;
    private const int MarkerBase = 1000;
    private static readonly string[] GrainSubscribers = ["w0", "w1", "w2", "w3"];

    /// <summary>Runs the workload in <paramref name="simulation"/>; the delivery logs go into the trace hash.</summary>
    public static async Task RunAsync(TestingHost.Simulation simulation, bool killAndRestart, SimulationFaults healWith)
    {
        var probe = new StreamProbe();
        await using var cluster = StreamCluster.Builder(probe, silos: 3).Build();
        await cluster.DeployAsync();
        var id = StreamId.Create("numbers", "work");
        foreach (var name in GrainSubscribers)
        {
            await SimulatedRetries.RetryAsync(simulation, () => cluster.Client.GetGrain<ISubscriberGrain>(name).SubscribeAsync(StreamProviderNames.Default, id.Namespace, id.Key));
        }

        var client = new List<Received>();
        var stream = cluster.Client.GetStreamProvider(StreamProviderNames.Default).GetStream<int>(id);
        await SimulatedRetries.RetryAsync(simulation, () => stream.SubscribeAsync((value, token) =>
        {
            client.Add(new Received(id.ToString(), value, token!.SequenceNumber, "client", 1));
            return Task.CompletedTask;
        }));

        var killAt = killAndRestart ? simulation.Random.Next(5, Events - 5) : -1;
        for (var i = 0; i < Events; i++)
        {
            if (i == killAt)
            {
                var victim = cluster.Silos[1 + simulation.Random.Next(cluster.Silos.Count - 1)];
                await cluster.KillSiloAsync(victim);
                await cluster.StartAdditionalSiloAsync();
            }

            await SimulatedRetries.RetryAsync(simulation, () => stream.OnNextAsync(i));
        }

        // End of the chaos window: from here on, everything published must reach every subscriber.
        await simulation.AdvanceTimeAsync(TimeSpan.FromSeconds(2));
        simulation.Faults = healWith;
        await cluster.WaitForLivenessToStabilizeAsync();
        for (var i = 0; i < Markers; i++)
        {
            await SimulatedRetries.RetryAsync(simulation, () => stream.OnNextAsync(MarkerBase + i));
        }

        var last = MarkerBase + Markers - 1;
        IReadOnlyDictionary<string, IReadOnlyList<Received>> Logs()
        {
            var logs = GrainSubscribers.ToDictionary(s => s, s => probe.ReceivedBy(s));
            logs["client"] = [.. client];
            return logs;
        }

        try
        {
            await Eventually.TrueAsync(() => Logs().Values.All(log => log.Any(r => r.Value == last)), "every subscriber receives the last marker", TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail($"{timeout.Message} {string.Join("; ", Logs().Select(l => $"{l.Key}: {Describe(l.Value)}"))}");
        }

        var logs = Logs();
        if (Check(logs, MarkerBase) is { } violation)
        {
            Assert.Fail(violation);
        }
        foreach (var (subscriber, log) in logs.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            simulation.Trace.Observe($"{subscriber}:{string.Join(",", log.Select(r => r.Sequence.ToString("x", CultureInfo.InvariantCulture)))}");
        }
    }

    /// <summary>
    /// What the in-memory provider guarantees under faults, per subscriber: (1) order — after dropping duplicates
    /// (a retried delivery whose first attempt was applied), sequence tokens only grow, also across the stream's
    /// reactivations; (2) no gaps within one activation of the stream (an epoch: the upper 32 bits of the token) — events
    /// of an epoch may stop short (queued on a killed silo, or not drained before a move) but none is skipped; (3) the
    /// events published after the chaos window (values from <paramref name="firstMarker"/>) all arrive. A grain
    /// subscriber that dies is reactivated and keeps its subscription, so it is held to all three. A client
    /// subscriber's unread events live in its inbox grain, so when that inbox's silo is killed they are lost (a gap in
    /// the epoch): for the client, (2) is not required, (1) and (3) are.
    /// </summary>
    internal static string? Check(IReadOnlyDictionary<string, IReadOnlyList<Received>> logs, int firstMarker)
    {
        var withinEpochs = new List<DeliveredEvent>();
        foreach (var (subscriber, log) in logs)
        {
            var seen = new HashSet<long>();
            var lastSequence = long.MinValue;
            foreach (var received in log)
            {
                if (!seen.Add(received.Sequence))
                {
                    continue;
                }

                if (received.Sequence < lastSequence)
                {
                    return $"{subscriber} received token {received.Sequence:x} after {lastSequence:x}: out of order (log: {Describe(log)})";
                }

                lastSequence = received.Sequence;
                if (subscriber != "client")
                {
                    withinEpochs.Add(new DeliveredEvent(subscriber, $"{received.Stream}@{received.Sequence >> 32}", received.Sequence & uint.MaxValue));
                }
            }

            var markers = log.Where(r => r.Value >= firstMarker).Select(r => r.Value).Distinct().Order().ToArray();
            var published = logs.Values.SelectMany(l => l).Where(r => r.Value >= firstMarker).Select(r => r.Value).Distinct().Order().ToArray();
            if (!markers.SequenceEqual(published))
            {
                return $"{subscriber} received markers {string.Join(",", markers)} of {string.Join(",", published)}";
            }
        }

        return StreamOrderChecker.Check(withinEpochs);
    }

    private static string Describe(IReadOnlyList<Received> log) =>
        string.Join(" ", log.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value}@{r.Sequence >> 32}.{r.Sequence & uint.MaxValue}/{r.Silo}#{r.Activation}")));
}
