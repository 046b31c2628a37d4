using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>Fails the host's start when the HTTP options are unusable, naming the option.</summary>
internal sealed class AgentHttpOptionsValidator : IValidateOptions<AgentHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = AgentHttpOptions.SectionName;
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{Section}:{nameof(AgentHttpOptions.ApiKeys)}:{i}";
            if (string.IsNullOrWhiteSpace(key.User))
            {
                failures.Add($"{at}:{nameof(AgentHttpApiKey.User)} is required (the user the key acts for).");
            }

            if (key.KeySha256 is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit))
            {
                failures.Add($"{at}:{nameof(AgentHttpApiKey.KeySha256)} must be the key's SHA-256 as 64 hexadecimal digits (printf %s \"$KEY\" | sha256sum).");
            }
            else if (!hashes.Add(hash))
            {
                failures.Add($"{at}:{nameof(AgentHttpApiKey.KeySha256)} repeats an earlier key: one key maps to one user.");
            }
        }

        if (options.MaxRequestBodyBytes < 1)
        {
            failures.Add($"{Section}:{nameof(AgentHttpOptions.MaxRequestBodyBytes)} must be positive (was {options.MaxRequestBodyBytes}).");
        }

        if (options.RateLimitBurst < 1)
        {
            failures.Add($"{Section}:{nameof(AgentHttpOptions.RateLimitBurst)} must be positive (was {options.RateLimitBurst}).");
        }

        if (options.RateLimitPerSecond < 1)
        {
            failures.Add($"{Section}:{nameof(AgentHttpOptions.RateLimitPerSecond)} must be positive (was {options.RateLimitPerSecond}).");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(AgentHttpOptions.KeepAliveInterval)} must be positive (was {options.KeepAliveInterval}).");
        }

        if (options.MaxPageSize < 1)
        {
            failures.Add($"{Section}:{nameof(AgentHttpOptions.MaxPageSize)} must be positive (was {options.MaxPageSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
