using Microsoft.Extensions.Options;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class StorageOptionsValidationTests
{
    [Theory]
    [InlineData("Memory")]
    [InlineData("memory")]
    [InlineData("Postgres")]
    [InlineData("POSTGRES")]
    public void The_memory_and_postgres_providers_are_accepted_in_any_case(string provider)
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = provider });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void An_unknown_provider_is_rejected_with_its_option_key_and_value()
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = "Redis" });

        Assert.True(result.Failed);
        Assert.Equal("SiloStorageOptions.Provider (OrleansAgents:Storage:Provider) must be 'Memory' or 'Postgres' (was 'Redis').", result.FailureMessage);
    }

    [Theory]
    [InlineData(null, "is required when OrleansAgents:Storage:Provider is Postgres")]
    [InlineData("  ", "is required when OrleansAgents:Storage:Provider is Postgres")]
    [InlineData("Host=db;Port", "is not a valid connection string")]
    [InlineData("Database=orleans;Username=orleans", "names no server")]
    public void A_missing_or_malformed_connection_string_is_rejected_when_postgres_is_selected(string? connectionString, string expected)
    {
        var validator = new PostgresOptionsValidator(Options.Create(new SiloStorageOptions { Provider = "Postgres" }));

        var result = validator.Validate(null, new PostgresOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.StartsWith("PostgresOptions.ConnectionString (OrleansAgents:Postgres:ConnectionString) ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_connection_string_is_accepted()
    {
        var validator = new PostgresOptionsValidator(Options.Create(new SiloStorageOptions { Provider = "postgres" }));

        var result = validator.Validate(null, new PostgresOptions { ConnectionString = "Host=postgres;Database=orleansagents;Username=orleans;Password=secret" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void The_connection_string_is_not_checked_when_memory_is_selected()
    {
        var validator = new PostgresOptionsValidator(Options.Create(new SiloStorageOptions()));

        var result = validator.Validate(null, new PostgresOptions { ConnectionString = "not a connection string" });

        Assert.False(result.Failed);
    }
}
