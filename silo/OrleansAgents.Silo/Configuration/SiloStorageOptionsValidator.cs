using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Fails start-up when the storage provider is unknown.</summary>
internal sealed class SiloStorageOptionsValidator : IValidateOptions<SiloStorageOptions>
{
    private const string Key = $"{SiloStorageOptions.SectionName}:{nameof(SiloStorageOptions.Provider)}";

    public ValidateOptionsResult Validate(string? name, SiloStorageOptions options)
    {
        if (!options.IsMemory && !options.IsPostgres)
        {
            return ValidateOptionsResult.Fail(
                $"{nameof(SiloStorageOptions)}.{nameof(SiloStorageOptions.Provider)} ({Key}) must be " +
                $"'{SiloStorageOptions.Memory}' or '{SiloStorageOptions.Postgres}' (was '{options.Provider}').");
        }

        return ValidateOptionsResult.Success;
    }
}
