namespace OrleansAgents.Runtime;

/// <summary>Well-known storage provider names.</summary>
public static class StorageNames
{
    /// <summary>The provider used by <see cref="PersistentStateAttribute"/> when it names none.</summary>
    public const string Default = "Default";
}
