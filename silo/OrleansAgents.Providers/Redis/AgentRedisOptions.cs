using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OrleansAgents.Hosting;

/// <summary>Options of the Redis backend (<see cref="AgentRedisExtensions"/>).</summary>
public sealed class AgentRedisOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string of the server, e.g. <c>redis:6379,password=…</c>. Required.
    /// </summary>
    /// <value>Empty: must be set.</value>
    public string ConnectionString { get; set; } = string.Empty;
}

/// <summary>Validates <see cref="AgentRedisOptions"/> when the host starts.</summary>
internal sealed class AgentRedisOptionsValidator : IValidateOptions<AgentRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentRedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentRedisOptions)}.{nameof(AgentRedisOptions.ConnectionString)} must be set to the StackExchange.Redis configuration string of the Redis server.");
        }

        try
        {
            _ = ConfigurationOptions.Parse(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentRedisOptions)}.{nameof(AgentRedisOptions.ConnectionString)} is not a valid StackExchange.Redis configuration string: {exception.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
