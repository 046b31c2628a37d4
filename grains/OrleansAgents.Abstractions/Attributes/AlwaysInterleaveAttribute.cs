namespace OrleansAgents;

/// <summary>
/// Marks a grain interface method that may interleave with any other request, for example a read-only
/// status query that must stay answerable while a long request runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
