using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>
/// The agent-task API for one caller, over any <see cref="IGrainFactory"/> (a cluster client, or a silo's own
/// factory): submit, read, wait for, cancel and list tasks. Every call acts for <see cref="Caller"/>, so a client
/// for one user can neither see nor touch another user's tasks.
/// </summary>
public sealed class AgentClient
{
    private readonly IGrainFactory _grains;

    /// <summary>Creates a client acting for <paramref name="caller"/>.</summary>
    public AgentClient(IGrainFactory grains, AgentCaller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        _grains = grains;
        Caller = caller;
    }

    /// <summary>Who the client acts for.</summary>
    public AgentCaller Caller { get; }

    /// <summary>
    /// Submits a task running <paramref name="agent"/> on <paramref name="input"/> (serialized to JSON). Pass a
    /// <paramref name="taskId"/> to make the submit idempotent across retries; a new id is made otherwise.
    /// </summary>
    public Task<AgentTaskSnapshot> SubmitAsync(string agent, object? input, string? taskId = null) =>
        SubmitRouteAsync([agent], input, taskId);

    /// <summary>Submits a task running a route of agents, each step's output feeding the next.</summary>
    public Task<AgentTaskSnapshot> SubmitRouteAsync(IReadOnlyList<string> route, object? input, string? taskId = null, TimeSpan? timeout = null, string? runId = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Task(taskId ?? Guid.NewGuid().ToString("N")).SubmitAsync(new AgentTaskRequest
        {
            Route = route,
            Input = JsonSerializer.SerializeToElement(input),
            UserId = Caller.UserId,
            Timeout = timeout,
            RunId = runId,
        });
    }

    /// <summary>Reads a task.</summary>
    /// <exception cref="AgentTaskNotFoundException">No such task for this caller.</exception>
    public Task<AgentTaskSnapshot> GetAsync(string taskId) => Task(taskId).GetAsync(Caller);

    /// <summary>Waits until the task is terminal (or <paramref name="timeout"/> passes) and returns it.</summary>
    public Task<AgentTaskSnapshot> WaitAsync(string taskId, TimeSpan timeout) => Task(taskId).WaitAsync(Caller, timeout);

    /// <summary>Cancels a task and returns it as it ended.</summary>
    public Task<AgentTaskSnapshot> CancelAsync(string taskId) => Task(taskId).CancelAsync(Caller);

    /// <summary>Lists the caller's tasks (an admin may name another user), newest first.</summary>
    public Task<IReadOnlyList<AgentTaskSummary>> ListAsync(int limit = 100, string? userId = null)
    {
        var user = userId ?? Caller.UserId;
        if (user != Caller.UserId && !Caller.IsAdmin)
        {
            throw new UnauthorizedAccessException($"User '{Caller.UserId}' cannot list the tasks of user '{user}'.");
        }

        return _grains.GetGrain<IUserTasksGrain>(user).ListAsync(limit);
    }

    /// <summary>Lists the registered agents with their descriptions and input schemas.</summary>
    public Task<IReadOnlyList<AgentDescriptor>> ListAgentsAsync() => _grains.GetGrain<IAgentCatalogGrain>("default").ListAsync();

    private IAgentTaskGrain Task(string taskId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return _grains.GetGrain<IAgentTaskGrain>(taskId);
    }
}
