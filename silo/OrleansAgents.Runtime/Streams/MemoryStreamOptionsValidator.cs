using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>Fails start-up on a bad <see cref="MemoryStreamOptions"/> value, naming the option.</summary>
internal sealed class MemoryStreamOptionsValidator : IValidateOptions<MemoryStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryStreamOptions options)
    {
        var errors = new List<string>();
        var prefix = $"{nameof(MemoryStreamOptions)} of stream provider '{name}': ";
        if (options.BufferCapacity < 1)
        {
            errors.Add($"{prefix}{nameof(options.BufferCapacity)} must be at least 1 (was {options.BufferCapacity}).");
        }

        if (options.MaxBatchSize < 1)
        {
            errors.Add($"{prefix}{nameof(options.MaxBatchSize)} must be at least 1 (was {options.MaxBatchSize}).");
        }

        if (options.ReplayWindowSize < 0)
        {
            errors.Add($"{prefix}{nameof(options.ReplayWindowSize)} must not be negative (was {options.ReplayWindowSize}).");
        }

        if (options.MaxDeliveryAttempts < 1)
        {
            errors.Add($"{prefix}{nameof(options.MaxDeliveryAttempts)} must be at least 1 (was {options.MaxDeliveryAttempts}).");
        }

        if (!Enum.IsDefined(options.BufferFullMode))
        {
            errors.Add($"{prefix}{nameof(options.BufferFullMode)} must be Wait or Fail (was {options.BufferFullMode}).");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(options.DrainTimeout)} must not be negative (was {options.DrainTimeout}).");
        }

        if (options.ClientPollWait <= TimeSpan.Zero || options.ClientPollWait >= TimeSpan.FromMinutes(1))
        {
            errors.Add($"{prefix}{nameof(options.ClientPollWait)} must be positive and under one minute (was {options.ClientPollWait}).");
        }

        if (options.ClientLeaseTimeout <= options.ClientPollWait)
        {
            errors.Add($"{prefix}{nameof(options.ClientLeaseTimeout)} ({options.ClientLeaseTimeout}) must be longer than {nameof(options.ClientPollWait)} ({options.ClientPollWait}).");
        }

        foreach (var ns in options.PatternNamespaces)
        {
            if (string.IsNullOrEmpty(ns) || ns.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{prefix}{nameof(options.PatternNamespaces)} contains '{ns}', which is not a stream namespace.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
