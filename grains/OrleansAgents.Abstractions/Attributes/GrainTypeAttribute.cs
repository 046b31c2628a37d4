namespace OrleansAgents;

/// <summary>
/// Names a grain class's grain type. The name is part of every <see cref="GrainId"/> and of the keys of
/// persisted state, so keep it stable. Without the attribute the name is the class name, lower-cased, with a
/// trailing <c>Grain</c> removed (<c>CounterGrain</c> is <c>counter</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}
