using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansAgents.Hosting;

namespace OrleansAgents.Providers.Tests.Storage;

/// <summary>
/// The Npgsql grain storage as a silo builds it (Orleans' serializer, one shared state table and writer), on a migrated
/// database of the test server, for the storage-level tests. State type: <c>List&lt;string&gt;</c>.
/// </summary>
internal sealed class NpgsqlStorage : IAsyncDisposable
{
    private static readonly ServiceProvider Serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private NpgsqlStorage(string connectionString, AgentPostgresOptions options)
    {
        ConnectionString = connectionString;
        Table = new PostgresStateTable(options, ServiceId);
        Storage = new PostgresGrainStorage("Default", Table, new OrleansGrainStorageSerializer(Serialization.GetRequiredService<Serializer>()),
            Serialization.GetRequiredService<IActivatorProvider>(), ServiceId, options.DeleteStateOnClear);
    }

    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    public string ConnectionString { get; }

    public PostgresStateTable Table { get; }

    public IGrainStorage Storage { get; }

    public static async Task<NpgsqlStorage> CreateAsync(string connectionString, Action<AgentPostgresOptions>? configure = null)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await PostgresSchema.MigrateAsync(connectionString, deadline.Token);
        var options = new AgentPostgresOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        return new NpgsqlStorage(connectionString, options);
    }

    public static GrainId Grain(string key) => GrainId.Create("test", key);

    public async Task<GrainState<List<string>>> ReadAsync(GrainId grain, string stateName = "state")
    {
        var state = new GrainState<List<string>>();
        await Storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    /// <summary>The stored row of <paramref name="grain"/>'s state: whether it has a payload, and its version; <c>null</c> when there is no row.</summary>
    public async Task<(bool HasPayload, int Version)?> RowAsync(GrainId grain, string stateName = "state")
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload IS NOT NULL, version FROM orleans_grain_state WHERE service_id = @service AND grain_type = @state AND grain_id_ext = @key", connection);
        command.Parameters.AddWithValue("service", ServiceId);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("key", grain.Key.ToString()!);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetBoolean(0), reader.GetInt32(1)) : null;
    }

    public ValueTask DisposeAsync() => Table.DisposeAsync();
}
