using OrleansAgents.Agents;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Cli.Backends;

/// <summary>
/// The agent-task API as the CLI uses it, over the Orleans client (<see cref="ClusterBackend"/>) or an HTTP gateway
/// (<see cref="HttpBackend"/>). Failures are <see cref="CliException"/>s with the exit code that fits.
/// </summary>
internal interface IAgentBackend : IAsyncDisposable
{
    Task<AgentTaskSnapshot> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken);

    Task<AgentTaskSnapshot> GetAsync(string taskId, CancellationToken cancellationToken);

    Task<AgentTaskSnapshot> CancelAsync(string taskId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentTaskSummary>> ListAsync(AgentTaskStatus? status, string? agent, int limit, CancellationToken cancellationToken);

    /// <summary>The task's persisted events after <paramref name="afterSequence"/> (0: all), in order, to its end.</summary>
    IAsyncEnumerable<TaskUpdate> WatchAsync(string taskId, long afterSequence, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentDescriptor>> ListAgentsAsync(CancellationToken cancellationToken);

    Task PublishAsync(string topic, System.Text.Json.JsonElement payload, CancellationToken cancellationToken);

    IAsyncEnumerable<TopicMessage> SubscribeAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken);
}
