using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>Fails silo start-up with a message naming the option that is wrong.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options) =>
        string.IsNullOrWhiteSpace(options.SiloName) || options.SiloName.Contains('@')
            ? ValidateOptionsResult.Fail($"{nameof(SiloOptions)}.{nameof(SiloOptions.SiloName)} must be a non-empty name without '@'.")
            : string.IsNullOrWhiteSpace(options.ClusterId)
                ? ValidateOptionsResult.Fail($"{nameof(SiloOptions)}.{nameof(SiloOptions.ClusterId)} must not be empty.")
                : ValidateOptionsResult.Success;
}

/// <summary>Fails silo start-up with a message naming the option that is wrong.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var errors = new List<string>();
        Positive(errors, options.ResponseTimeout, nameof(MessagingOptions.ResponseTimeout));
        Positive(errors, options.ResponseTimeoutCheckPeriod, nameof(MessagingOptions.ResponseTimeoutCheckPeriod));
        Positive(errors, options.SiloLeftGracePeriod, nameof(MessagingOptions.SiloLeftGracePeriod));
        if (options.MaxSendAttempts < 1)
        {
            errors.Add($"{nameof(MessagingOptions)}.{nameof(MessagingOptions.MaxSendAttempts)} must be at least 1.");
        }

        if (options.MaxForwardCount < 0)
        {
            errors.Add($"{nameof(MessagingOptions)}.{nameof(MessagingOptions.MaxForwardCount)} must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void Positive(List<string> errors, TimeSpan value, string property, string owner = nameof(MessagingOptions))
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{owner}.{property} must be positive (was {value}).");
        }
    }
}

/// <summary>Fails silo start-up with a message naming the option that is wrong.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var errors = new List<string>();
        MessagingOptionsValidator.Positive(errors, options.CollectionAge, nameof(GrainCollectionOptions.CollectionAge), nameof(GrainCollectionOptions));
        MessagingOptionsValidator.Positive(errors, options.CollectionQuantum, nameof(GrainCollectionOptions.CollectionQuantum), nameof(GrainCollectionOptions));
        MessagingOptionsValidator.Positive(errors, options.DeactivationTimeout, nameof(GrainCollectionOptions.DeactivationTimeout), nameof(GrainCollectionOptions));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Fails silo start-up with a message naming the option that is wrong.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var errors = new List<string>();
        MessagingOptionsValidator.Positive(errors, options.ProbePeriod, nameof(ClusterMembershipOptions.ProbePeriod), nameof(ClusterMembershipOptions));
        MessagingOptionsValidator.Positive(errors, options.ProbeTimeout, nameof(ClusterMembershipOptions.ProbeTimeout), nameof(ClusterMembershipOptions));
        if (options.MissedProbesLimit < 1)
        {
            errors.Add($"{nameof(ClusterMembershipOptions)}.{nameof(ClusterMembershipOptions.MissedProbesLimit)} must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Fails silo start-up with a message naming the option that is wrong.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new List<string>();
        MessagingOptionsValidator.Positive(errors, options.MinimumReminderPeriod, nameof(ReminderOptions.MinimumReminderPeriod), nameof(ReminderOptions));
        MessagingOptionsValidator.Positive(errors, options.RefreshReminderListPeriod, nameof(ReminderOptions.RefreshReminderListPeriod), nameof(ReminderOptions));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
