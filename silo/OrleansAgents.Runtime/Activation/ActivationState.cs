namespace OrleansAgents.Runtime;

internal enum ActivationState : byte
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
