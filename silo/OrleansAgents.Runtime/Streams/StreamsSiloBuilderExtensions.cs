using OrleansAgents.Streams;

namespace OrleansAgents.Hosting;

/// <summary>Stream providers on a silo builder.</summary>
public static class StreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds (or configures) an in-memory stream provider: <c>silo.AddMemoryStreams("alerts", o => o.BufferCapacity = 256)</c>.
    /// Options are bound from the host configuration's <c>OrleansAgents:Streams:{name}</c> section first. See
    /// <see cref="StreamsServiceCollectionExtensions.AddMemoryStreams(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{MemoryStreamOptions}?)"/>.
    /// </summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name = StreamProviderNames.Default, Action<MemoryStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMemoryStreams(name, builder.Configuration, configure);
        return builder;
    }
}
