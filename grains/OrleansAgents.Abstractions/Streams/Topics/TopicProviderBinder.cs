using Orleans.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Binds the <c>Default</c> stream provider of a silo or a client to its grain factory when the runtime starts, so that
/// pattern subscriptions made through it reach the pattern registry grain. One class for both lifecycles
/// (<c>ISiloLifecycle</c> on silos, <c>IClusterClientLifecycle</c> on clients).
/// </summary>
internal sealed class TopicProviderBinder<TLifecycle>(IServiceProvider services) : ILifecycleParticipant<TLifecycle>
    where TLifecycle : ILifecycleObservable
{
    public void Participate(TLifecycle lifecycle)
    {
        // At a start stage rather than now: resolving the provider while the lifecycle is being built would deadlock.
        lifecycle.Subscribe(nameof(TopicProviderBinder<TLifecycle>), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            if (services.GetKeyedService<IStreamProvider>(StreamProviderNames.Default) is { } provider)
            {
                TopicGrainFactories.Bind(provider, services.GetRequiredService<IGrainFactory>());
            }

            return Task.CompletedTask;
        });
    }
}
