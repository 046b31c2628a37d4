using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>Fails start-up with a message naming the demo option that is wrong.</summary>
internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var errors = new List<string>();
        Positive(errors, options.Timeout, nameof(DemoOptions.Timeout));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(DemoOptions)}.{property} ({DemoOptions.SectionName}:{property}) must be positive (was {value}).");
        }
    }
}
