using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Fails start-up when the storage provider is unknown or not supported yet.</summary>
internal sealed class SiloStorageOptionsValidator : IValidateOptions<SiloStorageOptions>
{
    private const string Key = $"{SiloStorageOptions.SectionName}:{nameof(SiloStorageOptions.Provider)}";

    /// <summary>Provider families that will come back on Orleans' own providers, but are not wired yet.</summary>
    private static readonly string[] NotYetSupported = ["Postgres", "PostgreSQL", "Redis"];

    public ValidateOptionsResult Validate(string? name, SiloStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsMemory)
        {
            return ValidateOptionsResult.Success;
        }

        var property = $"{nameof(SiloStorageOptions)}.{nameof(SiloStorageOptions.Provider)} ({Key})";
        return ValidateOptionsResult.Fail(NotYetSupported.Contains(options.Provider, StringComparer.OrdinalIgnoreCase)
            ? $"{property} '{options.Provider}' is not supported yet; use '{SiloStorageOptions.Memory}'."
            : $"{property} must be '{SiloStorageOptions.Memory}' (was '{options.Provider}').");
    }
}
