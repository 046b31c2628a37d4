using Xunit;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>The xUnit side of <see cref="PostgresServer"/>: a fixture started before its tests and stopped after.</summary>
public sealed partial class PostgresServer : IAsyncLifetime;

/// <summary>The tests sharing one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
