using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;

namespace OrleansAgents.Postgres;

/// <summary>Fails silo start-up with a message naming the storage option that is wrong.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var errors = new List<string>();
        PostgresOptionsRules.Check(errors, options, PostgresOptionsRules.Owner(nameof(PostgresStorageOptions), name), options.TableName, nameof(PostgresStorageOptions.TableName));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
