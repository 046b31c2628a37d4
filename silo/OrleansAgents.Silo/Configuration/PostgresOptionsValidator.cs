using System.Data.Common;
using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Fails start-up when PostgreSQL is selected but its connection string is missing or malformed.</summary>
internal sealed class PostgresOptionsValidator(IOptions<SiloStorageOptions> storage) : IValidateOptions<PostgresOptions>
{
    private const string Key = $"{PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}";
    private const string Property = $"{nameof(PostgresOptions)}.{nameof(PostgresOptions.ConnectionString)} ({Key})";

    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        if (!SelectsPostgres())
        {
            return ValidateOptionsResult.Skip;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{Property} is required when {SiloStorageOptions.SectionName}:{nameof(SiloStorageOptions.Provider)} is {SiloStorageOptions.Postgres}.");
        }

        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = options.ConnectionString;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{Property} is not a valid connection string: {exception.Message}");
        }

        return builder.ContainsKey("Host") || builder.ContainsKey("Server")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{Property} names no server: add Host=<name or address>.");
    }

    private bool SelectsPostgres()
    {
        try
        {
            return storage.Value.IsPostgres;
        }
        catch (OptionsValidationException)
        {
            // The provider choice itself is invalid; SiloStorageOptionsValidator reports that.
            return false;
        }
    }
}
