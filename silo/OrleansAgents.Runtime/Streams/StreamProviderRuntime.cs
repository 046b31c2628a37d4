using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;

namespace OrleansAgents.Runtime;

/// <summary>What every part of one stream provider in one runtime (silo or client) shares.</summary>
internal sealed class StreamProviderRuntime(
    string name,
    MemoryStreamOptions options,
    IGrainFactory grains,
    JsonSerializerOptions json,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping,
    IStreamQueueFactory? queues = null)
{
    public string Name { get; } = name;

    public MemoryStreamOptions Options { get; } = options;

    public IGrainFactory Grains { get; } = grains;

    public JsonSerializerOptions Json { get; } = json;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the silo or client stops: pumps and polls end.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public bool IsRewindable => Options.ReplayWindowSize > 0;

    /// <summary>Opens the provider's stream queues; only silos have one (a client never hosts a stream).</summary>
    public IStreamQueueFactory Queues => queues ?? throw new InvalidOperationException($"Stream provider '{Name}' has no queue factory in this runtime.");

    public IStreamGrain StreamGrain(Streams.StreamId stream) => Grains.GetGrain<IStreamGrain>(StreamKeys.Stream(Name, stream));

    public IStreamPatternRegistryGrain PatternRegistry(string @namespace) =>
        Grains.GetGrain<IStreamPatternRegistryGrain>(StreamKeys.Patterns(Name, @namespace));

    public void EnsurePatternsAllowed(string @namespace)
    {
        if (!Options.PatternNamespaces.Contains(@namespace))
        {
            throw new NotSupportedException($"Stream provider '{Name}' does not allow pattern subscriptions in namespace '{@namespace}'; add it to {nameof(MemoryStreamOptions)}.{nameof(MemoryStreamOptions.PatternNamespaces)}.");
        }
    }
}
