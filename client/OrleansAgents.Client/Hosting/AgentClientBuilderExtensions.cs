using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Hosting;

/// <summary>Configures an Orleans client (<c>UseOrleansClient</c>) to talk to OrleansAgents silos.</summary>
public static class AgentClientBuilderExtensions
{
    /// <summary>
    /// Registers the agent contracts' serialization and, unless <paramref name="addMemoryStreams"/> is <c>false</c>
    /// (the cluster uses another stream provider under the same name), the client side of the silos' memory streams
    /// <c>Default</c>, over which tasks are watched and topics read; pattern subscriptions on that provider reach the
    /// silos' pattern registry. A <see cref="Agents.AgentClient.WaitAsync"/> in flight when a gateway connection closes
    /// is made again through the remaining gateways (or fails at once when none is left) instead of sitting out the
    /// wait call's 90 s response timeout.
    /// </summary>
    public static IClientBuilder AddAgentClient(this IClientBuilder builder, bool addMemoryStreams = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerializer(serializer => serializer.AddAgentContracts());
        builder.Services.AddSingleton<ILifecycleParticipant<IClusterClientLifecycle>, TopicProviderBinder<IClusterClientLifecycle>>();
        builder.Services.AddSingleton<AgentGatewayLoss>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<AgentGatewayLoss>());
        if (addMemoryStreams)
        {
            builder.AddMemoryStreams(StreamProviderNames.Default);
        }

        return builder;
    }
}
