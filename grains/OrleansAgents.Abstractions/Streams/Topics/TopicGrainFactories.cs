using System.Runtime.CompilerServices;
using Orleans.Streams;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Which grain factory (and provider name) goes with a stream provider instance, so that the
/// <see cref="TopicStreamExtensions"/> on a bare <see cref="IStreamProvider"/> can reach the pattern registry. Silos
/// (<c>AddAgentRuntime</c>) and clients (<c>AddAgentClient</c>) bind their <c>Default</c> provider when they start.
/// </summary>
internal static class TopicGrainFactories
{
    private static readonly ConditionalWeakTable<IStreamProvider, IGrainFactory> Bound = new();

    /// <summary>Binds <paramref name="provider"/> to <paramref name="grainFactory"/> (the last binding wins).</summary>
    public static void Bind(IStreamProvider provider, IGrainFactory grainFactory)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(grainFactory);
        Bound.AddOrUpdate(provider, grainFactory);
    }

    /// <summary>The registry of <paramref name="provider"/>'s patterns.</summary>
    /// <exception cref="InvalidOperationException">The provider was not bound.</exception>
    public static ITopicPatternRegistryGrain Registry(IStreamProvider provider) =>
        Bound.TryGetValue(provider, out var grains)
            ? grains.GetGrain<ITopicPatternRegistryGrain>(provider.Name)
            : throw new InvalidOperationException(
                $"Stream provider '{provider.Name}' is not set up for topic patterns: pattern subscriptions need the silo's AddAgentRuntime() or the client's AddAgentClient(), which bind the '{StreamProviderNames.Default}' provider to the pattern registry.");
}
