using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Fixtures;

/// <summary>
/// Every test that needs the database shares one server and runs in this collection, one at a time: one test
/// stops and restarts the server, which must not pull it away from under another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
