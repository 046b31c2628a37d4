using Xunit;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>The xUnit side of <see cref="RedisServer"/>: a fixture started before its tests and stopped after.</summary>
public sealed partial class RedisServer : IAsyncLifetime;

/// <summary>The tests sharing one <see cref="RedisServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis";
}
