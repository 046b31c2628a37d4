namespace OrleansAgents.Agents;

/// <summary>A line of a task listing.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Status">The status.</param>
/// <param name="Route">The route's agents.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record AgentTaskSummary(string TaskId, AgentTaskStatus Status, IReadOnlyList<string> Route, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
