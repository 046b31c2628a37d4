using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Topics;

/// <summary>
/// Binds the silo's <c>Default</c> stream provider to the silo's grain factory, so that pattern subscriptions made on
/// it (from grains, agents or any silo code) reach the pattern registry.
/// </summary>
internal sealed class TopicProviderBinder(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        // At a start stage rather than now: resolving the provider while the lifecycle is being built would deadlock.
        lifecycle.Subscribe(nameof(TopicProviderBinder), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            if (services.GetKeyedService<IStreamProvider>(StreamProviderNames.Default) is { } provider)
            {
                TopicGrainFactories.Bind(provider, services.GetRequiredService<IGrainFactory>());
            }

            return Task.CompletedTask;
        });
    }
}
