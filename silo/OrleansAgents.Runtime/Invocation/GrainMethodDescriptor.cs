using System.Linq.Expressions;
using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>Everything the runtime needs to call one grain interface method, on both sides of the wire.</summary>
internal sealed class GrainMethodDescriptor
{
    private readonly Func<object, object?[], object> _invoke;

    public GrainMethodDescriptor(MethodInfo method, ReturnKind kind, Type? resultType)
    {
        Method = method;
        Kind = kind;
        ResultType = resultType;
        var parameters = method.GetParameters();
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        CancellationTokenIndex = Array.IndexOf(ParameterTypes, typeof(CancellationToken));
        Id = $"{method.Name}({string.Join(",", ParameterTypes.Select(t => t.FullName ?? t.Name))})";
        DisplayName = $"{method.DeclaringType!.Name}.{method.Name}";
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>(inherit: true)?.Timeout;
        Shape = CallShape.Create(kind, resultType);
        _invoke = CompileInvoker(method, ParameterTypes);
    }

    public MethodInfo Method { get; }

    /// <summary>Stable id of the method within its interface: name and parameter types.</summary>
    public string Id { get; }

    /// <summary><c>IInterface.Method</c>, for messages.</summary>
    public string DisplayName { get; }

    public ReturnKind Kind { get; }

    public Type? ResultType { get; }

    public Type[] ParameterTypes { get; }

    public int CancellationTokenIndex { get; }

    public bool IsOneWay { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>The per-method timeout, or <c>null</c> for the configured default.</summary>
    public TimeSpan? Timeout { get; }

    public CallShape Shape { get; }

    /// <summary>Calls the method on a grain instance and returns the awaitable it returned, boxed.</summary>
    public object Invoke(object grain, object?[] arguments) => _invoke(grain, arguments);

    private static Func<object, object?[], object> CompileInvoker(MethodInfo method, Type[] parameterTypes)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            parameterTypes.Select((type, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), type)));
        return Expression.Lambda<Func<object, object?[], object>>(Expression.Convert(call, typeof(object)), grain, args).Compile();
    }
}
