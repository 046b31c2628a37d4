namespace OrleansAgents.Runtime;

/// <summary>One unit of work of an activation: a posted continuation, a request or timer tick to start, or a lifecycle step.</summary>
internal readonly struct WorkItem
{
    private WorkItem(WorkKind kind, object? target, object? state)
    {
        Kind = kind;
        Target = target;
        State = state;
    }

    public WorkKind Kind { get; }

    public object? Target { get; }

    public object? State { get; }

    public static WorkItem Callback(SendOrPostCallback callback, object? state) => new(WorkKind.Callback, callback, state);

    public static WorkItem Start(object requestOrTimer) => new(WorkKind.Start, requestOrTimer, null);

    public static WorkItem Activate() => new(WorkKind.Activate, null, null);

    public static WorkItem Deactivate() => new(WorkKind.Deactivate, null, null);
}

internal enum WorkKind : byte
{
    Callback,
    Start,
    Activate,
    Deactivate,
}
