using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>
/// What to run: one agent, or a route of agents where each step's output is the next step's input. Submitting
/// the same request twice under one task id returns the existing task; a different request is rejected.
/// </summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskRequest")]
public sealed record AgentTaskRequest
{
    /// <summary>The agent names to run in order; one name for a single agent.</summary>
    [Id(0)]
    public required IReadOnlyList<string> Route { get; init => field = WireList.Of(value); }

    /// <summary>The first step's input as JSON (any JSON value, including null).</summary>
    [Id(1)]
    public JsonElement Input { get; init => field = WireJson.Defined(value); } = WireJson.Defined(default);

    /// <summary>The user who owns the task; only they (or an admin) can read or cancel it.</summary>
    [Id(2)]
    public required string UserId { get; init; }

    /// <summary>Groups tasks of one run (for example one conversation); when not given, the task is a run of its own and its id is the run's.</summary>
    [Id(3)]
    public string? RunId { get; init; }

    /// <summary>Overrides the agents' configured timeout for the whole task.</summary>
    [Id(4)]
    public TimeSpan? Timeout { get; init; }

    /// <summary>Set by the runtime on fan-out children: the task that created them.</summary>
    [Id(5)]
    public string? ParentTaskId { get; init; }

    /// <summary>
    /// Set by a submitter that made the task id itself, just now, for this request (as <c>AgentClient</c> does when it is
    /// given none): no task can exist under it, so the task grain writes the task without first reading its record (one
    /// storage read fewer per task). A task that does exist under the id is still found, by the write's ETag conflict,
    /// and answered as a repeated submit; but the first attempt of an agent that ends within the inline window may then
    /// have started, so leave it unset for any id that may have been used.
    /// </summary>
    [Id(6)]
    public bool NewTaskId { get; init; }

    /// <summary>Creates a request for one agent with an input serialized to JSON.</summary>
    public static AgentTaskRequest For(string agent, object? input, string userId) => new()
    {
        Route = [agent],
        Input = JsonSerializer.SerializeToElement(input),
        UserId = userId,
    };

    /// <summary>Creates a request for a route of agents.</summary>
    public static AgentTaskRequest ForRoute(IReadOnlyList<string> route, object? input, string userId) => new()
    {
        Route = route,
        Input = JsonSerializer.SerializeToElement(input),
        UserId = userId,
    };
}
