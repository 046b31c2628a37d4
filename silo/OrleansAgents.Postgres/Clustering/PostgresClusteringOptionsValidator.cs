using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;

namespace OrleansAgents.Postgres;

/// <summary>Fails silo start-up with a message naming the clustering option that is wrong.</summary>
internal sealed class PostgresClusteringOptionsValidator : IValidateOptions<PostgresClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusteringOptions options)
    {
        var errors = new List<string>();
        var owner = PostgresOptionsRules.Owner(nameof(PostgresClusteringOptions), name);
        PostgresOptionsRules.Check(errors, options, owner, options.TableName, nameof(PostgresClusteringOptions.TableName));
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{owner}.{nameof(PostgresClusteringOptions.ClusterId)} must not be empty (it defaults to {nameof(SiloOptions)}.{nameof(SiloOptions.ClusterId)}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
