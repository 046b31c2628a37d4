using Microsoft.Extensions.Configuration;
using OrleansAgents.Hosting;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>The provider family a silo runs on.</summary>
internal enum StorageBackendKind
{
    /// <summary>In memory, localhost clustering.</summary>
    Memory,

    /// <summary>PostgreSQL.</summary>
    Postgres,

    /// <summary>Redis.</summary>
    Redis,
}

/// <summary>The chosen backend and its connection, read once while the host is built.</summary>
/// <param name="Kind">The provider family.</param>
/// <param name="ConnectionString">The backend's connection string (empty for <see cref="StorageBackendKind.Memory"/>).</param>
/// <param name="MigrateOnStart">PostgreSQL: whether the silo applies the schema as it starts.</param>
/// <param name="GrainStorage">PostgreSQL: the grain storage (the project's Npgsql storage or Orleans' ADO.NET one).</param>
internal sealed record StorageBackend(StorageBackendKind Kind, string ConnectionString, bool MigrateOnStart,
    AgentPostgresGrainStorage GrainStorage = AgentPostgresGrainStorage.Npgsql)
{
    /// <summary>The key of the PostgreSQL connection string.</summary>
    public const string PostgresConnectionStringKey = $"{SiloStorageOptions.PostgresSectionName}:ConnectionString";

    /// <summary>The key of the PostgreSQL migrate-on-start switch.</summary>
    public const string PostgresMigrateOnStartKey = $"{SiloStorageOptions.PostgresSectionName}:MigrateOnStart";

    /// <summary>The key of the PostgreSQL grain storage choice (<c>Npgsql</c> or <c>AdoNet</c>).</summary>
    public const string PostgresGrainStorageKey = $"{SiloStorageOptions.PostgresSectionName}:GrainStorage";

    /// <summary>The key of the Redis connection string.</summary>
    public const string RedisConnectionStringKey = $"{SiloStorageOptions.RedisSectionName}:ConnectionString";

    /// <summary>
    /// Reads the backend. An unknown provider yields <see cref="StorageBackendKind.Memory"/> (the options validator
    /// reports it); PostgreSQL or Redis without a connection string throws <see cref="InvalidOperationException"/>
    /// naming the option (exit code 2), and so does a <c>GrainStorage</c> that is neither <c>Npgsql</c> nor <c>AdoNet</c>.
    /// </summary>
    public static StorageBackend Read(IConfiguration configuration, SiloStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.IsPostgres)
        {
            return new StorageBackend(StorageBackendKind.Postgres, Required(configuration, PostgresConnectionStringKey, storage.Provider),
                configuration.GetValue(PostgresMigrateOnStartKey, defaultValue: true),
                configuration.GetValue(PostgresGrainStorageKey, defaultValue: AgentPostgresGrainStorage.Npgsql));
        }

        if (storage.IsRedis)
        {
            return new StorageBackend(StorageBackendKind.Redis, Required(configuration, RedisConnectionStringKey, storage.Provider), MigrateOnStart: false);
        }

        return new StorageBackend(StorageBackendKind.Memory, string.Empty, MigrateOnStart: false);
    }

    /// <summary>Reads the PostgreSQL connection string for the <c>migrate</c> command.</summary>
    public static string PostgresConnectionString(IConfiguration configuration) =>
        Required(configuration, PostgresConnectionStringKey, SiloStorageOptions.Postgres);

    private static string Required(IConfiguration configuration, string key, string provider) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"{key} must be set when {SiloStorageOptions.SectionName}:{nameof(SiloStorageOptions.Provider)} is '{provider}'.");
}
