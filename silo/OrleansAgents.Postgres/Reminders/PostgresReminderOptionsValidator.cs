using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;

namespace OrleansAgents.Postgres;

/// <summary>Fails silo start-up with a message naming the reminder option that is wrong.</summary>
internal sealed class PostgresReminderOptionsValidator : IValidateOptions<PostgresReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresReminderOptions options)
    {
        var errors = new List<string>();
        var owner = PostgresOptionsRules.Owner(nameof(PostgresReminderOptions), name);
        PostgresOptionsRules.Check(errors, options, owner, options.TableName, nameof(PostgresReminderOptions.TableName));
        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{owner}.{nameof(PostgresReminderOptions.ServiceId)} must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
