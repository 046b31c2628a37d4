using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The stream providers of one silo: their shared runtime parts, the implicit subscription table, and a provider for
/// code on the silo that is not a grain (agents). Disposed with the silo's host: every pump and poll loop stops.
/// </summary>
internal sealed class StreamProviderRegistry : IStreamProviderFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, StreamProviderRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IStreamProvider> _siloProviders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names;
    private readonly IOptionsMonitor<MemoryStreamOptions> _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISimulationHooks? _simulation;
    private readonly CancellationTokenSource _stopping = new();
    private readonly InboxStreamConsumer _siloConsumer = new();
    private int _disposed;

    public StreamProviderRegistry(
        IEnumerable<StreamProviderRegistration> registrations,
        IOptionsMonitor<MemoryStreamOptions> options,
        GrainTypeRegistry grains,
        IServiceProvider services,
        TimeProvider time,
        ILogger<StreamProviderRegistry> logger)
    {
        _names = registrations.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        _options = options;
        _services = services;
        _time = time;
        _logger = logger;
        _simulation = services.GetService<ISimulationHooks>();
        Implicit = new ImplicitSubscriptionTable(grains.Classes);
    }

    public ImplicitSubscriptionTable Implicit { get; }

    public StreamProviderRuntime GetRuntime(string name) => _runtimes.TryGetValue(name, out var runtime) ? runtime : _runtimes.GetOrAdd(name, Create);

    /// <summary>A provider for non-grain code on this silo: its subscriptions poll inboxes, like a client's.</summary>
    public IStreamProvider GetSiloProvider(string name) =>
        _siloProviders.GetOrAdd(name, n => new StreamProvider(GetRuntime(n), _siloConsumer));

    IStreamProvider IStreamProviderFactory.GetStreamProvider(string name) => GetSiloProvider(name);

    /// <summary>Stops every pump and poll loop. Idempotent: the container disposes it once per service it is registered as.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_simulation is { } simulation)
            {
                // Pumps and polls resume from a clean step, on the simulation's thread.
                SimulationSteps.CancelAsync(simulation, _stopping).Forget();
            }
            else
            {
                _stopping.Cancel();
            }
        }
    }

    private StreamProviderRuntime Create(string name)
    {
        if (!_names.Contains(name))
        {
            throw new KeyNotFoundException($"No stream provider named '{name}' is configured on this silo (configured: {string.Join(", ", _names.Order(StringComparer.Ordinal))}); add it with silo.AddMemoryStreams(\"{name}\").");
        }

        var messenger = _services.GetRequiredService<SiloMessageCenter>();
        var queues = _services.GetRequiredKeyedService<IStreamQueueFactory>(name);
        return new StreamProviderRuntime(name, _options.Get(name), messenger.GrainFactory, messenger.JsonOptions, _time, _logger, _stopping.Token, queues, _simulation);
    }
}
