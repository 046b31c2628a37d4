using OrleansAgents.Agents;

namespace OrleansAgents.Http.Tasks;

/// <summary>One page of <c>GET /tasks</c>, newest first.</summary>
/// <param name="Items">The tasks of the page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; <c>null</c> on the last page.</param>
public sealed record TaskPage(IReadOnlyList<AgentTaskSummary> Items, string? NextCursor);
