namespace OrleansAgents;

/// <summary>
/// Marks a grain class as reentrant: while one request awaits, others may run. Turns still never run in
/// parallel: one activation executes on one thread at a time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
