using OrleansAgents.Streams;

namespace OrleansAgents.Agents;

/// <summary>
/// Where agent tasks publish their events: every persisted transition and progress report of a watched task is
/// published, as an <see cref="AgentTaskSnapshot"/>, on the stream <c>(agent-tasks, task id)</c> of the default
/// provider. A task publishes only while someone watches it (<see cref="IAgentTaskGrain.WatchAsync"/>), so an
/// unwatched task costs nothing. <c>AgentClient.WatchAsync</c> is the way to consume it.
/// </summary>
public static class AgentTaskStreams
{
    /// <summary>The stream namespace of task events.</summary>
    public const string Namespace = "agent-tasks";

    /// <summary>The provider task events are published on.</summary>
    public const string ProviderName = StreamProviderNames.Default;

    /// <summary>The stream of one task.</summary>
    public static StreamId For(string taskId) => StreamId.Create(Namespace, taskId);
}
