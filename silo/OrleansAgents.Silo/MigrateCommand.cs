using Microsoft.Extensions.Configuration;
using OrleansAgents.Hosting;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost;

/// <summary>
/// The operator command <c>migrate</c>: applies the PostgreSQL schema (<see cref="PostgresSchema"/>) to the database of
/// <c>OrleansAgents:Postgres:ConnectionString</c> and exits: 0 when the schema is current, 2 when the connection string
/// is missing, 3 when the database is unreachable or the migration fails.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "migrate";

    /// <summary>Whether the command line asks for the command.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the command with the options that follow its name (same sources as the silo's).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        string connectionString;
        try
        {
            connectionString = StorageBackend.PostgresConnectionString(configuration);
        }
        catch (InvalidOperationException)
        {
            error.WriteLine($"Invalid configuration: {StorageBackend.PostgresConnectionStringKey} must be set for the '{Name}' command (e.g. --{StorageBackend.PostgresConnectionStringKey}=\"Host=...;Database=...\").");
            return HostExitCode.InvalidConfiguration;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        if (await BackendProbe.CheckPostgresAsync(connectionString, deadline.Token).ConfigureAwait(false) is { } unreachable)
        {
            error.WriteLine($"Migration failed: {unreachable}");
            return HostExitCode.StartFailed;
        }

        try
        {
            var before = await PostgresSchema.GetVersionAsync(connectionString, deadline.Token).ConfigureAwait(false);
            var after = await PostgresSchema.MigrateAsync(connectionString, deadline.Token).ConfigureAwait(false);
            output.WriteLine(before == after
                ? $"migrated: schema version {after} (already current)"
                : $"migrated: schema version {before} -> {after}");
            return HostExitCode.Success;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
            error.WriteLine($"Migration failed: {exception.Message.ReplaceLineEndings(" ")}");
            return HostExitCode.StartFailed;
        }
    }
}
