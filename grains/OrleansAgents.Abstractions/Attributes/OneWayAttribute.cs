namespace OrleansAgents;

/// <summary>
/// Marks a grain interface method as one-way: the caller's task completes once the message is sent,
/// and no result or exception comes back. The method must return <see cref="Task"/> or <see cref="ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class OneWayAttribute : Attribute;
