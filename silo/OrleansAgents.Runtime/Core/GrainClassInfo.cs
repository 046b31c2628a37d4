using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Runtime;

/// <summary>A registered grain class: its grain type name, its flags and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly ParameterInfo[] _parameters;

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

        _constructor = classType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {classType.FullName} has no public constructor.");
        _parameters = _constructor.GetParameters();
        foreach (var parameter in _parameters)
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is not null && StateType(parameter) is null)
            {
                throw new InvalidOperationException($"Grain class {classType.FullName}: constructor parameter '{parameter.Name}' has [PersistentState] but its type is {parameter.ParameterType.Name}; it must be IPersistentState<T>.");
            }
        }
    }

    public Type ClassType { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public Type[] Interfaces { get; }

    public object CreateInstance(ActivationData activation)
    {
        var arguments = new object?[_parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Resolve(_parameters[i], activation);
        }

        var previous = ActivationData.Constructing;
        ActivationData.Constructing = activation;
        try
        {
            return _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
        finally
        {
            ActivationData.Constructing = previous;
        }
    }

    private object? Resolve(ParameterInfo parameter, ActivationData activation)
    {
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            return activation.CreatePersistentState(StateType(parameter)!, state, ClassType);
        }

        if (parameter.ParameterType == typeof(IGrainFactory))
        {
            return activation.GrainFactory;
        }

        return activation.Services.GetService(parameter.ParameterType)
            ?? (parameter.HasDefaultValue
                ? parameter.DefaultValue
                : throw new InvalidOperationException($"Grain class {ClassType.FullName}: constructor parameter '{parameter.Name}' of type {parameter.ParameterType.FullName} is not registered in the silo's services."));
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
