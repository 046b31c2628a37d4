namespace OrleansAgents;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime injects
/// state named <paramref name="stateName"/> kept in the storage provider <paramref name="storageName"/>,
/// and reads it before <c>OnActivateAsync</c>.
/// </summary>
/// <param name="stateName">The state's name, unique within the grain.</param>
/// <param name="storageName">The storage provider's name; <c>null</c> for the default provider.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name, unique within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name, or <c>null</c> for the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
