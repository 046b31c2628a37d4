using OrleansAgents.Testing.Postgres;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// The tests that need a real PostgreSQL server share one (a private instance, or the one named by
/// <c>ORLEANSAGENTS_TEST_POSTGRES</c>) with a fresh database. Without PostgreSQL they fail, naming
/// <c>apt-get install -y postgresql</c>; they are never skipped.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres server";
}
