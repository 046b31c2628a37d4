using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>
/// The base of every generated grain reference: a grain id, the interface and the runtime that sends the
/// calls. Holds no connection and no activation, so creating one costs one small object.
/// </summary>
public class GrainReferenceProxy : DispatchProxy, IGrainReference
{
    private static readonly ConcurrentDictionary<Type, Func<GrainReferenceProxy>> Factories = new();
    private GrainInterfaceDescriptor _descriptor = null!;
    private IGrainCallInvoker _invoker = null!;

    /// <inheritdoc />
    public GrainId GrainId { get; private set; }

    /// <inheritdoc />
    public Type InterfaceType => _descriptor.InterfaceType;

    internal ulong PlacementHash { get; private set; }

    internal GrainInterfaceDescriptor Descriptor => _descriptor;

    internal static object Create(GrainInterfaceDescriptor descriptor, GrainId grainId, IGrainCallInvoker invoker)
    {
        var proxy = Factories.GetOrAdd(descriptor.InterfaceType, FactoryFor)();
        proxy._descriptor = descriptor;
        proxy._invoker = invoker;
        proxy.GrainId = grainId;
        proxy.PlacementHash = StableHash.Of(grainId);
        return proxy;
    }

    /// <summary>
    /// A compiled <c>new</c> of the proxy type <see cref="DispatchProxy"/> generated for the interface, passing the
    /// same method table <see cref="DispatchProxy.Create(Type, Type)"/> passes (read once from a first proxy): the
    /// same object, without the reflection binder on every reference.
    /// </summary>
    private static Func<GrainReferenceProxy> FactoryFor(Type interfaceType)
    {
        var sample = Create(interfaceType, typeof(GrainReferenceProxy));
        var generated = sample.GetType();
        var methodTable = generated.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .SingleOrDefault(f => f.FieldType == typeof(MethodInfo[]))?.GetValue(sample);
        foreach (var constructor in generated.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length == 0)
            {
                return Expression.Lambda<Func<GrainReferenceProxy>>(Expression.New(constructor)).Compile();
            }

            if (parameters.Length == 1 && parameters[0].ParameterType == typeof(MethodInfo[]) && methodTable is not null)
            {
                return Expression.Lambda<Func<GrainReferenceProxy>>(Expression.New(constructor, Expression.Constant(methodTable))).Compile();
            }
        }

        return () => (GrainReferenceProxy)Create(interfaceType, typeof(GrainReferenceProxy));
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _invoker.Invoke(this, _descriptor.GetMethod(targetMethod!), args ?? []);

    /// <inheritdoc />
    public override bool Equals(object? obj) =>
        obj is GrainReferenceProxy other && other.GrainId == GrainId && other._descriptor == _descriptor;

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{_descriptor.InterfaceType.Name}:{GrainId}";
}
