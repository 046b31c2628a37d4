using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>A registered grain class: its grain type name, its flags and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    /// <summary>
    /// One per grain class in the process: what it holds depends on the class alone, and working it out (reflection,
    /// a compiled constructor) cost each silo's start about a millisecond per class.
    /// </summary>
    private static readonly ConcurrentDictionary<Type, GrainClassInfo> Cache = new();

    private readonly Func<ActivationData, object?>[] _arguments;
    private readonly Func<object?[], object> _construct;

    public GrainClassInfo(Type classType)
    {
        if (!classType.IsClass || classType.IsAbstract || classType.ContainsGenericParameters)
        {
            throw new InvalidOperationException($"{classType.FullName} cannot be a grain class: it must be a concrete, non-generic class.");
        }

        ClassType = classType;
        GrainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultName(classType);
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        Interfaces = [.. classType.GetInterfaces().Where(GrainInterfaceDescriptor.IsGrainInterface)];
        if (Interfaces.Length == 0)
        {
            throw new InvalidOperationException($"{classType.FullName} implements no grain interface; a grain class must implement an interface deriving from IGrainWithStringKey (or another keyed grain interface).");
        }

        foreach (var grainInterface in Interfaces)
        {
            GrainInterfaceDescriptor.Get(grainInterface);
        }

        var constructor = classType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {classType.FullName} has no public constructor.");
        var parameters = constructor.GetParameters();
        foreach (var parameter in parameters)
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is not null && StateType(parameter) is null)
            {
                throw new InvalidOperationException($"Grain class {classType.FullName}: constructor parameter '{parameter.Name}' has [PersistentState] but its type is {parameter.ParameterType.Name}; it must be IPersistentState<T>.");
            }
        }

        // Everything reflection can tell about the constructor is worked out once here, not on each activation.
        _arguments = [.. parameters.Select(Resolver)];
        _construct = Constructor(constructor, parameters);
    }

    /// <summary>The info of <paramref name="classType"/>, made once per process.</summary>
    public static GrainClassInfo For(Type classType) => Cache.GetOrAdd(classType, static type => new GrainClassInfo(type));

    public Type ClassType { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public Type[] Interfaces { get; }

    public object CreateInstance(ActivationData activation)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](activation);
        }

        var previous = ActivationData.Constructing;
        ActivationData.Constructing = activation;
        try
        {
            return _construct(arguments);
        }
        finally
        {
            ActivationData.Constructing = previous;
        }
    }

    /// <summary>A compiled <c>args =&gt; new TGrain((T0)args[0], ...)</c>: exceptions of the constructor reach the caller unwrapped.</summary>
    private static Func<object?[], object> Constructor(ConstructorInfo constructor, ParameterInfo[] parameters)
    {
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var values = parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType));
        return Expression.Lambda<Func<object?[], object>>(Expression.Convert(Expression.New(constructor, values), typeof(object)), arguments).Compile();
    }

    private Func<ActivationData, object?> Resolver(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            var factory = PersistentStateFactory.For(StateType(parameter)!);
            var grainClass = ClassType;
            return activation => activation.CreatePersistentState(factory, state, grainClass);
        }

        if (parameter.ParameterType == typeof(IGrainFactory))
        {
            return static activation => activation.GrainFactory;
        }

        var type = parameter.ParameterType;
        var fallback = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        var missing = $"Grain class {ClassType.FullName}: constructor parameter '{parameter.Name}' of type {type.FullName} is not registered in the silo's services.";
        var optional = parameter.HasDefaultValue;
        return activation => activation.Services.GetService(type) ?? (optional ? fallback : throw new InvalidOperationException(missing));
    }

    private static Type? StateType(ParameterInfo parameter) =>
        parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>)
            ? parameter.ParameterType.GetGenericArguments()[0]
            : null;

    private static string DefaultName(Type type)
    {
        var name = type.Name;
        return (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > 5 ? name[..^5] : name).ToLowerInvariant();
    }
}
