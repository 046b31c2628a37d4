using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>
/// The validated call surface of one grain interface. Created once per interface type and shared by every
/// runtime in the process; creation fails with <see cref="InvalidGrainInterfaceException"/> naming the
/// offending interface and method.
/// </summary>
internal sealed class GrainInterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> Cache = new();
    private static readonly ConcurrentDictionary<string, Type?> WireNames = new();
    private readonly Dictionary<MethodInfo, GrainMethodDescriptor> _byMethod;
    private readonly Dictionary<string, GrainMethodDescriptor> _byId;

    private GrainInterfaceDescriptor(Type interfaceType, List<GrainMethodDescriptor> methods)
    {
        InterfaceType = interfaceType;
        WireName = $"{interfaceType.FullName}, {interfaceType.Assembly.GetName().Name}";
        _byMethod = methods.ToDictionary(m => m.Method);
        _byId = methods.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    public Type InterfaceType { get; }

    /// <summary>The name the interface travels under: full name and assembly name.</summary>
    public string WireName { get; }

    public static GrainInterfaceDescriptor Get(Type interfaceType) => Cache.GetOrAdd(interfaceType, Create);

    /// <summary>Finds an interface by its wire name, or returns <c>null</c>.</summary>
    public static GrainInterfaceDescriptor? FindByWireName(string wireName)
    {
        var type = WireNames.GetOrAdd(wireName, static name => Type.GetType(name, throwOnError: false));
        return type is null ? null : Get(type);
    }

    public GrainMethodDescriptor GetMethod(MethodInfo method) => _byMethod.TryGetValue(method, out var descriptor)
        ? descriptor
        : throw new InvalidGrainInterfaceException($"{method.DeclaringType?.FullName}.{method.Name} is not a method of grain interface {InterfaceType.FullName}.");

    public GrainMethodDescriptor? FindMethod(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="type"/> is a grain interface a reference can be created for.</summary>
    public static bool IsGrainInterface(Type type) =>
        type.IsInterface && typeof(IAddressable).IsAssignableFrom(type) && !IsMarker(type) && type != typeof(IStreamConsumerGrain);

    private static bool IsMarker(Type type) =>
        type == typeof(IAddressable) || type == typeof(IGrain) || type == typeof(IGrainReference) ||
        type == typeof(IGrainWithStringKey) || type == typeof(IGrainWithGuidKey) || type == typeof(IGrainWithIntegerKey) ||
        type == typeof(IGrainWithGuidCompoundKey) || type == typeof(IGrainWithIntegerCompoundKey);

    private static GrainInterfaceDescriptor Create(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IAddressable).IsAssignableFrom(interfaceType))
        {
            throw new InvalidGrainInterfaceException($"{interfaceType.FullName} is not a grain interface: it must be an interface deriving from IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey or a compound-key variant.");
        }

        if (interfaceType.ContainsGenericParameters)
        {
            throw new InvalidGrainInterfaceException($"Grain interface {interfaceType.FullName} is an open generic type; use a closed type.");
        }

        var methods = new List<GrainMethodDescriptor>();
        foreach (var type in new[] { interfaceType }.Concat(interfaceType.GetInterfaces()).Where(t => !IsMarker(t)))
        {
            if (type.GetProperties().Length > 0 || type.GetEvents().Length > 0)
            {
                throw new InvalidGrainInterfaceException($"Grain interface {type.FullName} declares a property or event; grain interfaces may declare only methods returning Task, Task<T>, ValueTask or ValueTask<T>.");
            }

            foreach (var method in type.GetMethods())
            {
                methods.Add(Describe(interfaceType, method));
            }
        }

        return new GrainInterfaceDescriptor(interfaceType, methods);
    }

    private static GrainMethodDescriptor Describe(Type interfaceType, MethodInfo method)
    {
        var name = $"{method.DeclaringType!.FullName}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new InvalidGrainInterfaceException($"Grain interface {interfaceType.FullName} has generic method {name}, which is not supported.");
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new InvalidGrainInterfaceException($"Grain interface method {name} has a ref, out or in parameter, which cannot cross the wire.");
        }

        var returnType = method.ReturnType;
        (ReturnKind kind, Type? result) = returnType switch
        {
            _ when returnType == typeof(Task) => (ReturnKind.Task, null),
            _ when returnType == typeof(ValueTask) => (ReturnKind.ValueTask, null),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) => (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) => (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]),
            _ => throw new InvalidGrainInterfaceException($"Grain interface method {name} returns {returnType.Name}; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>."),
        };

        if (method.IsDefined(typeof(OneWayAttribute), true) && result is not null)
        {
            throw new InvalidGrainInterfaceException($"Grain interface method {name} is [OneWay] but returns a result; one-way methods must return Task or ValueTask.");
        }

        return new GrainMethodDescriptor(method, kind, result);
    }
}
