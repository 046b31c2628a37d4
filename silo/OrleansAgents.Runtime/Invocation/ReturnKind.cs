namespace OrleansAgents.Runtime;

/// <summary>The awaitable shapes a grain interface method may return.</summary>
internal enum ReturnKind : byte
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
