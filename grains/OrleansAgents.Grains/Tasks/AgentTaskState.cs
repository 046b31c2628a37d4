using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Agents;

/// <summary>What an agent task grain persists (through the source-generated <see cref="AgentTaskStateJsonConverter"/>).</summary>
[JsonConverter(typeof(AgentTaskStateJsonConverter))]
internal sealed class AgentTaskState
{
    /// <summary>The task as callers see it; <c>null</c> before submit.</summary>
    public AgentTaskSnapshot? Task { get; set; }

    /// <summary>The submitted request in canonical JSON, to tell a duplicate submit from a conflicting one.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The input of the step at <see cref="AgentTaskSnapshot.StepIndex"/>.</summary>
    public JsonElement StepInput { get; set; }

    /// <summary>Attempts started for the step at <see cref="AgentTaskSnapshot.StepIndex"/> (the snapshot counts all steps).</summary>
    public int StepAttempts { get; set; }

    /// <summary>The request's overall timeout, if it set one.</summary>
    public TimeSpan? Timeout { get; set; }
}
