using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>What an agent task grain persists.</summary>
[GenerateSerializer, Alias("oa.AgentTaskState")]
internal sealed class AgentTaskState
{
    /// <summary>The task as callers see it; <c>null</c> before submit.</summary>
    [Id(0)]
    public AgentTaskSnapshot? Task { get; set; }

    /// <summary>
    /// Kept by tasks stored before session 13: the SHA-256 of the submitted request's canonical JSON, to tell a duplicate
    /// submit from a conflicting one. Newer tasks leave it <c>null</c>: a repeated submit is compared with the request's
    /// fields the task records anyway (<see cref="AgentTaskSnapshot.Input"/>, route, owner, run id, parent, <see cref="Timeout"/>).
    /// </summary>
    [Id(1)]
    public string? Fingerprint { get; set; }

    /// <summary>The input of the step at <see cref="AgentTaskSnapshot.StepIndex"/>.</summary>
    [Id(2)]
    public JsonElement StepInput { get; set => field = WireJson.Defined(value); } = WireJson.Defined(default);

    /// <summary>Attempts started for the step at <see cref="AgentTaskSnapshot.StepIndex"/> (the snapshot counts all steps).</summary>
    [Id(3)]
    public int StepAttempts { get; set; }

    /// <summary>The request's overall timeout, if it set one.</summary>
    [Id(4)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// The task's events, oldest first, written with the change each records (see <see cref="AgentTaskEvent"/>); at most
    /// <see cref="AgentTaskOptions.MaxTaskEvents"/>, the oldest dropped first. Replaced, never changed in place: a write
    /// that fails puts the previous list back.
    /// </summary>
    [Id(5)]
    public IReadOnlyList<AgentTaskEvent> Events { get; set => field = WireList.Of(value); } = [];
}
