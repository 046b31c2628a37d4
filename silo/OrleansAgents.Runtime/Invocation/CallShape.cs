namespace OrleansAgents.Runtime;

/// <summary>
/// The typed pieces of one method shape: how the caller's task is created and returned, and how the callee's
/// returned awaitable is turned into a <see cref="Task"/> and a boxed result. Built once per method.
/// </summary>
internal sealed class CallShape
{
    private CallShape(
        Func<IResponseSink> createSink,
        Func<ISimulationHooks, IResponseSink> createSimulatedSink,
        Func<IResponseSink, object> toReturnValue,
        Func<object, Task> toTask,
        Func<Task, object?> getResult,
        object completedReturnValue)
    {
        CreateSink = createSink;
        CreateSimulatedSink = createSimulatedSink;
        ToReturnValue = toReturnValue;
        ToTask = toTask;
        GetResult = getResult;
        CompletedReturnValue = completedReturnValue;
    }

    public Func<IResponseSink> CreateSink { get; }

    /// <summary>Creates the caller's completion for a call made inside a simulation.</summary>
    public Func<ISimulationHooks, IResponseSink> CreateSimulatedSink { get; }

    public Func<IResponseSink, object> ToReturnValue { get; }

    public Func<object, Task> ToTask { get; }

    public Func<Task, object?> GetResult { get; }

    /// <summary>The value a one-way call returns to its caller at once.</summary>
    public object CompletedReturnValue { get; }

    public static CallShape Create(ReturnKind kind, Type? resultType) => kind switch
    {
        ReturnKind.Task => new CallShape(
            static () => new ResponseSink<object?>(null),
            static simulation => new SimulatedResponseSink<object?>(null, simulation),
            static sink => ((TaskCompletionSource<object?>)sink).Task,
            static returned => (Task)returned,
            static task =>
            {
                task.GetAwaiter().GetResult();
                return null;
            },
            Task.CompletedTask),
        ReturnKind.ValueTask => new CallShape(
            static () => new ResponseSink<object?>(null),
            static simulation => new SimulatedResponseSink<object?>(null, simulation),
            static sink => new ValueTask(((TaskCompletionSource<object?>)sink).Task),
            static returned => ((ValueTask)returned).AsTask(),
            static task =>
            {
                task.GetAwaiter().GetResult();
                return null;
            },
            default(ValueTask)),
        _ => (CallShape)typeof(CallShape)
            .GetMethod(nameof(CreateTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(resultType!)
            .Invoke(null, [kind == ReturnKind.ValueTaskOfT])!,
    };

    private static CallShape CreateTyped<T>(bool valueTask) => valueTask
        ? new CallShape(
            static () => new ResponseSink<T>(typeof(T)),
            static simulation => new SimulatedResponseSink<T>(typeof(T), simulation),
            static sink => new ValueTask<T>(((TaskCompletionSource<T>)sink).Task),
            static returned => ((ValueTask<T>)returned).AsTask(),
            static task => ((Task<T>)task).GetAwaiter().GetResult(),
            default(ValueTask<T>))
        : new CallShape(
            static () => new ResponseSink<T>(typeof(T)),
            static simulation => new SimulatedResponseSink<T>(typeof(T), simulation),
            static sink => ((TaskCompletionSource<T>)sink).Task,
            static returned => (Task<T>)returned,
            static task => ((Task<T>)task).GetAwaiter().GetResult(),
            Task.FromResult(default(T)!));
}
