using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Fails start-up when the storage provider is unknown.</summary>
internal sealed class SiloStorageOptionsValidator : IValidateOptions<SiloStorageOptions>
{
    private const string Key = $"{SiloStorageOptions.SectionName}:{nameof(SiloStorageOptions.Provider)}";

    public ValidateOptionsResult Validate(string? name, SiloStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsMemory || options.IsPostgres || options.IsRedis)
        {
            return ValidateOptionsResult.Success;
        }

        var property = $"{nameof(SiloStorageOptions)}.{nameof(SiloStorageOptions.Provider)} ({Key})";
        return ValidateOptionsResult.Fail(
            $"{property} must be '{SiloStorageOptions.Memory}', '{SiloStorageOptions.Postgres}' or '{SiloStorageOptions.Redis}' (was '{options.Provider}').");
    }
}
