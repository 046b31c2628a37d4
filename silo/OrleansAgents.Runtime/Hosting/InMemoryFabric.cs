using System.Collections.Concurrent;

namespace OrleansAgents.Runtime;

/// <summary>
/// Everything the silos and clients of one process share when they use the in-memory providers: the network,
/// the membership and reminder tables, the memory storage providers and the grain manifest. A standalone
/// silo has its own; a TestCluster gives one to all its silos and its client.
/// </summary>
internal sealed class InMemoryFabric
{
    private readonly ConcurrentDictionary<string, IGrainStorage> _storage = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _manifest = new();

    public InMemoryNetwork Network { get; } = new();

    public InMemoryMembershipTable MembershipTable { get; } = new();

    public InMemoryReminderTable ReminderTable { get; } = new();

    /// <summary>Wraps each memory storage provider when it is first created (a simulation's storage faults).</summary>
    public Func<string, IGrainStorage, IGrainStorage>? StorageDecorator { get; set; }

    public IGrainStorage GetStorage(string name) =>
        _storage.GetOrAdd(name, static (n, fabric) => fabric.StorageDecorator is { } decorate ? decorate(n, new MemoryGrainStorage()) : new MemoryGrainStorage(), this);

    public void PublishManifest(IReadOnlyDictionary<Type, string> interfaceMap)
    {
        foreach (var (grainInterface, grainType) in interfaceMap)
        {
            _manifest[grainInterface] = grainType;
        }
    }

    public bool TryResolve(Type grainInterface, out string grainType) => _manifest.TryGetValue(grainInterface, out grainType!);
}
