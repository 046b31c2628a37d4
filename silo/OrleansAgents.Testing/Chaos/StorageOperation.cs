using Orleans.Runtime;

namespace OrleansAgents.Testing;

/// <summary>One grain storage operation, as the fault-injecting storage sees it before deciding its fault.</summary>
/// <param name="Provider">The storage provider's name.</param>
/// <param name="StateName">The grain state's name (<c>[PersistentState("task", …)]</c> gives <c>task</c>).</param>
/// <param name="GrainId">The grain.</param>
/// <param name="Kind">Read, write or clear.</param>
/// <param name="Index">How many operations of this kind on this provider this grain state made before (0 for the first).</param>
public readonly record struct StorageOperation(string Provider, string StateName, GrainId GrainId, StorageOperationKind Kind, long Index);
