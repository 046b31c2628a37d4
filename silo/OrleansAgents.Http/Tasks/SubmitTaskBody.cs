using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Http.Tasks;

/// <summary>The body of <c>POST /tasks</c>: one agent or a route, its input, and optionally a client-chosen id and a timeout.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitTaskBody
{
    /// <summary>The agent to run (or give <see cref="Route"/>).</summary>
    public string? Agent { get; init; }

    /// <summary>The agents to run in order, each step's output feeding the next (instead of <see cref="Agent"/>).</summary>
    public IReadOnlyList<string>? Route { get; init; }

    /// <summary>The input: any JSON value (missing means JSON <c>null</c>).</summary>
    public JsonElement? Input { get; init; }

    /// <summary>A client-chosen task id: submitting the same request under it again answers 200 with the task; another request under it, 409.</summary>
    public string? Id { get; init; }

    /// <summary>A timeout for the whole task, in seconds (overrides the agents' own).</summary>
    public double? TimeoutSeconds { get; init; }
}
