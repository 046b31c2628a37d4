using Npgsql;

namespace OrleansAgents.Hosting;

/// <summary>
/// The grain state rows of one silo's service in <c>orleans_grain_state</c>, shared by every Npgsql grain storage of
/// the silo: reads batched by <see cref="PostgresStateReader"/>, writes, clears and deletes group-committed by
/// <see cref="PostgresStateWriter"/>, on one Npgsql data source.
/// </summary>
internal sealed class PostgresStateTable : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStateTable(AgentPostgresOptions options, string serviceId)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same two statements run all the time: let Npgsql prepare them on each connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 8;
        }

        _dataSource = builder.Build();
        Writer = new PostgresStateWriter(_dataSource, serviceId, options.WriteBatchSize, options.ConcurrentWriteBatches);
        Reader = new PostgresStateReader(_dataSource, serviceId, options.WriteBatchSize, options.ConcurrentWriteBatches);
    }

    /// <summary>The group-committing writer.</summary>
    public PostgresStateWriter Writer { get; }

    /// <summary>The batching reader.</summary>
    public PostgresStateReader Reader { get; }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
