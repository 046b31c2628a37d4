using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Providers.Tests;

/// <summary>
/// A database driver's exception inside one that reaches a caller: Orleans serializes it once the provider wiring allows
/// the driver's namespace (the flake budget saw a submit during a PostgreSQL restart answered with
/// <c>CodecNotFoundException: Could not find a codec for type Npgsql.PostgresException</c>).
/// </summary>
public sealed class DriverExceptionTests
{
    private static readonly PostgresException ShuttingDown = new("the database system is shutting down", "FATAL", "FATAL", "57P03");

    [Fact]
    public void Without_the_drivers_namespace_Orleans_cannot_serialize_its_exception()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        Assert.Throws<CodecNotFoundException>(() => serializer.SerializeToArray<object>(new InvalidOperationException("reminder table", ShuttingDown)));
    }

    [Fact]
    public void With_it_the_exception_crosses_with_its_message()
    {
        var collection = new ServiceCollection().AddSerializer();
        DriverExceptions.Allow(collection, DriverExceptions.Npgsql);
        using var services = collection.BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var copy = Assert.IsType<InvalidOperationException>(serializer.Deserialize<object>(serializer.SerializeToArray<object>(new InvalidOperationException("reminder table", ShuttingDown))));

        Assert.Equal("reminder table", copy.Message);
        Assert.Contains("the database system is shutting down", copy.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_postgres_and_redis_client_wiring_allow_their_drivers_namespaces()
    {
        static IReadOnlySet<string> Prefixes(Action<IClientBuilder> configure)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleansClient(configure);
            using var host = builder.Build();
            return host.Services.GetRequiredService<IOptions<ExceptionSerializationOptions>>().Value.SupportedNamespacePrefixes;
        }

        Assert.Contains("Npgsql", Prefixes(c => c.UseAgentPostgresClustering(o => o.ConnectionString = "Host=127.0.0.1;Database=none")));
        Assert.Contains("StackExchange.Redis", Prefixes(c => c.UseAgentRedisClustering(o => o.ConnectionString = "127.0.0.1:6379")));
    }
}
