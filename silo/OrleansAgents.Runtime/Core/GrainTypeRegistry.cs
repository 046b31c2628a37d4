namespace OrleansAgents.Runtime;

/// <summary>
/// The grain classes a silo hosts, by grain type name and by interface. Built at silo start, so a bad grain
/// class or interface fails the start with a message that names it.
/// </summary>
internal sealed class GrainTypeRegistry : IGrainTypeResolver
{
    private readonly Dictionary<string, GrainClassInfo> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainClassInfo>> _byInterface = [];

    public GrainTypeRegistry(IEnumerable<GrainClassRegistration> registrations)
    {
        foreach (var grainClass in registrations.Select(r => r.GrainClass).Distinct())
        {
            var info = GrainClassInfo.For(grainClass);
            if (_byType.TryGetValue(info.GrainType, out var clash))
            {
                throw new InvalidOperationException($"Grain classes {clash.ClassType.FullName} and {grainClass.FullName} both have grain type '{info.GrainType}'; give one of them a [GrainType(\"...\")] attribute.");
            }

            _byType[info.GrainType] = info;
            foreach (var grainInterface in info.Interfaces)
            {
                if (!_byInterface.TryGetValue(grainInterface, out var list))
                {
                    _byInterface[grainInterface] = list = [];
                }

                list.Add(info);
            }
        }
    }

    /// <summary>The registered grain classes.</summary>
    public IEnumerable<GrainClassInfo> Classes => _byType.Values;

    /// <summary>Interface to grain type, for clients; interfaces without a single default implementation are left out.</summary>
    public IReadOnlyDictionary<Type, string> InterfaceMap =>
        _byInterface.Keys.Select(i => (i, c: DefaultClass(i))).Where(p => p.c is not null).ToDictionary(p => p.i, p => p.c!.GrainType);

    public string ResolveGrainType(Type interfaceType)
    {
        if (!_byInterface.TryGetValue(interfaceType, out var classes))
        {
            throw new GrainTypeNotRegisteredException($"No grain class implementing {interfaceType.FullName} is registered. Register it with silo.AddGrain<TGrain>() or silo.AddGrains(assembly).");
        }

        return DefaultClass(interfaceType)?.GrainType
            ?? throw new GrainTypeNotRegisteredException($"Several grain classes implement {interfaceType.FullName} ({string.Join(", ", classes.Select(c => c.ClassType.Name))}) and none is named after it; name one {DefaultClassName(interfaceType)} or get the grain by GrainId.");
    }

    /// <summary>The only implementation, or among several the class named after the interface (IFooGrain: FooGrain).</summary>
    private GrainClassInfo? DefaultClass(Type interfaceType) => _byInterface.TryGetValue(interfaceType, out var classes)
        ? classes.Count == 1 ? classes[0] : classes.SingleOrDefault(c => c.ClassType.Name == DefaultClassName(interfaceType))
        : null;

    private static string DefaultClassName(Type interfaceType) =>
        interfaceType.Name.Length > 1 && interfaceType.Name[0] == 'I' && char.IsUpper(interfaceType.Name[1]) ? interfaceType.Name[1..] : interfaceType.Name;

    public GrainClassInfo GetClass(string grainType) => _byType.TryGetValue(grainType, out var info)
        ? info
        : throw new GrainTypeNotRegisteredException($"Grain type '{grainType}' is not registered on this silo.");

    public bool TryGetClass(string grainType, out GrainClassInfo info) => _byType.TryGetValue(grainType, out info!);
}
