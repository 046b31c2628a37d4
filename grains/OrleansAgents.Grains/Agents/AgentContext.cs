using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Agents;

/// <summary>Everything an agent attempt gets from the runtime.</summary>
public sealed class AgentContext
{
    private readonly Func<double, string?, ValueTask> _reportProgress;
    private readonly Func<string, JsonElement, CancellationToken, Task<JsonElement?>> _callAgent;
    private IStreamProvider? _streams;

    internal AgentContext(
        AgentTaskInfo task,
        JsonElement input,
        IAgentMemory memory,
        ILogger logger,
        IGrainFactory grainFactory,
        IServiceProvider services,
        Func<double, string?, ValueTask> reportProgress,
        Func<string, JsonElement, CancellationToken, Task<JsonElement?>> callAgent,
        CancellationToken cancellationToken)
    {
        TaskId = task.TaskId;
        RunId = task.RunId;
        UserId = task.UserId;
        AgentName = task.AgentName;
        Attempt = task.Attempt;
        StepIndex = task.StepIndex;
        Input = input;
        Memory = memory;
        Logger = logger;
        GrainFactory = grainFactory;
        Services = services;
        CancellationToken = cancellationToken;
        _reportProgress = reportProgress;
        _callAgent = callAgent;
    }

    /// <summary>The task id.</summary>
    public string TaskId { get; }

    /// <summary>The run the task belongs to.</summary>
    public string RunId { get; }

    /// <summary>The user who owns the task.</summary>
    public string UserId { get; }

    /// <summary>The name this agent was registered under.</summary>
    public string AgentName { get; }

    /// <summary>The attempt number, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The index of this step in the task's route.</summary>
    public int StepIndex { get; }

    /// <summary>This step's input.</summary>
    public JsonElement Input { get; }

    /// <summary>This agent's memory for this user.</summary>
    public IAgentMemory Memory { get; }

    /// <summary>A logger named after the agent.</summary>
    public ILogger Logger { get; }

    /// <summary>Calls grains.</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the task is cancelled or times out; stop promptly when it fires.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The silo's default stream provider, for streams beyond topics (its subscriptions end with the silo).</summary>
    public IStreamProvider Streams => _streams ??= Services.GetRequiredKeyedService<IStreamProvider>(StreamProviderNames.Default);

    /// <summary>Publishes <paramref name="payload"/> (as JSON) on a topic (see <see cref="TopicPattern"/>).</summary>
    /// <exception cref="ArgumentException">The topic name is not valid.</exception>
    public Task PublishAsync(string topic, object? payload) => Streams.PublishAsync(topic, payload);

    /// <summary>
    /// Reads the messages of topics and patterns as they are published, until this attempt's
    /// <see cref="CancellationToken"/> or <paramref name="cancellationToken"/> fires or the enumeration is abandoned.
    /// </summary>
    public async IAsyncEnumerable<TopicMessage> SubscribeAsync(IEnumerable<string> topicsOrPatterns, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, cancellationToken);
        await foreach (var message in Streams.ReadTopicsAsync(topicsOrPatterns, cancellationToken: linked.Token).ConfigureAwait(false))
        {
            yield return message;
        }
    }

    /// <summary>Deserializes the input; malformed input is a fatal <see cref="ArgumentException"/>.</summary>
    public T? GetInput<T>()
    {
        try
        {
            return Input.ValueKind == JsonValueKind.Undefined ? default : Input.Deserialize<T>(AgentInputJson.Options);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"Agent '{AgentName}' cannot read its input as {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    /// <summary>Reports progress within this step (0–100) and a message; persisted with the task.</summary>
    public ValueTask ReportProgressAsync(double percent, string? message = null) =>
        _reportProgress(Math.Clamp(percent, 0, 100), message);

    /// <summary>Runs another agent as a child task of this one and returns its output.</summary>
    /// <exception cref="AgentFailedException">The child task did not succeed.</exception>
    public Task<JsonElement?> CallAgentAsync(string agentName, object? input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        return _callAgent(agentName, JsonSerializer.SerializeToElement(input), cancellationToken);
    }
}

/// <summary>The identity of one agent attempt.</summary>
internal sealed record AgentTaskInfo(string TaskId, string RunId, string UserId, string AgentName, int Attempt, int StepIndex);
