namespace OrleansAgents.Testing;

/// <summary>What a grain storage operation does.</summary>
public enum StorageOperationKind
{
    /// <summary><c>ReadStateAsync</c>.</summary>
    Read,

    /// <summary><c>WriteStateAsync</c>.</summary>
    Write,

    /// <summary><c>ClearStateAsync</c>.</summary>
    Clear,
}
