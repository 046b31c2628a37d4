using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>
/// The base of every generated grain reference: a grain id, the interface and the runtime that sends the
/// calls. Holds no connection and no activation, so creating one costs one small object.
/// </summary>
public class GrainReferenceProxy : DispatchProxy, IGrainReference
{
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
        var proxy = (GrainReferenceProxy)Create(descriptor.InterfaceType, typeof(GrainReferenceProxy));
        proxy._descriptor = descriptor;
        proxy._invoker = invoker;
        proxy.GrainId = grainId;
        proxy.PlacementHash = StableHash.Of(grainId);
        return proxy;
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
