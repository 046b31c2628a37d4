using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>Fails start-up on options that cannot work, naming the option.</summary>
internal sealed class AgentMcpOptionsValidator : IValidateOptions<AgentMcpOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentMcpOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServerName))
        {
            failures.Add($"{nameof(AgentMcpOptions)}.{nameof(AgentMcpOptions.ServerName)} must not be empty.");
        }

        if (options.UserId is not null && string.IsNullOrWhiteSpace(options.UserId))
        {
            failures.Add($"{nameof(AgentMcpOptions)}.{nameof(AgentMcpOptions.UserId)} must be null or a user id, not blank.");
        }

        if (options.TaskTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(AgentMcpOptions)}.{nameof(AgentMcpOptions.TaskTimeout)} must be positive (was {timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
