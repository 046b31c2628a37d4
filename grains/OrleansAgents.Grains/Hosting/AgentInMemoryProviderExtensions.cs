using Orleans.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Hosting;

/// <summary>The embedded default providers: what one process (or a TestCluster) needs with no database.</summary>
public static class AgentInMemoryProviderExtensions
{
    /// <summary>
    /// How often the in-memory stream queues are pulled: the delivery latency of task events and topics (p99 about
    /// 1.5x this) against the idle CPU of the pulling timers (8 queues per silo). Orleans' default is 100 ms.
    /// </summary>
    /// <remarks>
    /// Decision: 10 ms. A task watcher or an exact-topic subscriber waits for one pull; a pattern subscriber waits for
    /// two (the topic's stream to its router grain, then the pattern's stream), so at Orleans' 100 ms a pattern message
    /// would take up to about 300 ms, while 10 ms keeps it in the tens of milliseconds for a few timer ticks of idle
    /// CPU. Deployments that care more about idle CPU than latency pass a longer period.
    /// </remarks>
    public static readonly TimeSpan DefaultStreamPullPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Adds Orleans' in-memory providers under the names the agent layer uses: grain storage <c>Default</c> and
    /// <c>PubSubStore</c>, the in-memory reminder service, and memory streams <c>Default</c> pulled every
    /// <paramref name="streamPullPeriod"/> (<see cref="DefaultStreamPullPeriod"/> when not given). Nothing survives the
    /// process: for durability use the PostgreSQL or Redis providers.
    /// </summary>
    public static ISiloBuilder AddAgentInMemoryProviders(this ISiloBuilder builder, TimeSpan? streamPullPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var period = streamPullPeriod ?? DefaultStreamPullPeriod;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero, nameof(streamPullPeriod));
        builder.AddMemoryGrainStorage("Default");
        builder.AddMemoryGrainStorage(StreamProviderNames.PubSubStore);
        builder.UseInMemoryReminderService();
        builder.AddMemoryStreams(StreamProviderNames.Default, streams =>
            streams.ConfigurePullingAgent(options => options.Configure(o => o.GetQueueMsgsTimerPeriod = period)));
        return builder;
    }
}
