using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Hosting;

/// <summary>Binds the client's <c>Default</c> stream provider to the client, so that pattern subscriptions reach the pattern registry.</summary>
internal sealed class TopicClientBinder(IServiceProvider services) : ILifecycleParticipant<IClusterClientLifecycle>
{
    public void Participate(IClusterClientLifecycle lifecycle)
    {
        // At a start stage rather than now: resolving the provider while the lifecycle is being built would deadlock.
        lifecycle.Subscribe(nameof(TopicClientBinder), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            if (services.GetKeyedService<IStreamProvider>(StreamProviderNames.Default) is { } provider)
            {
                TopicGrainFactories.Bind(provider, services.GetRequiredService<IClusterClient>());
            }

            return Task.CompletedTask;
        });
    }
}
