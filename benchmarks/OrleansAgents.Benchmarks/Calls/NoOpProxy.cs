using System.Reflection;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// A <see cref="DispatchProxy"/> whose every call returns one cached task: what the proxy machinery alone
/// allocates per call (argument array, boxing), with no runtime behind it.
/// </summary>
public class NoOpProxy : DispatchProxy
{
    private static readonly Task<int> Answer = Task.FromResult(1);

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Answer;
}
