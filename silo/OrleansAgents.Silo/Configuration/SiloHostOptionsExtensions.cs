using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Binds and validates the host's own options (the agent runtime binds its own).</summary>
internal static class SiloHostOptionsExtensions
{
    public static IServiceCollection AddSiloHostOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<SiloHostOptions, SiloHostOptionsValidator>(configuration, SiloHostOptions.SectionName);
        services.AddValidatedOptions<SiloStorageOptions, SiloStorageOptionsValidator>(configuration, SiloStorageOptions.SectionName);
        services.AddValidatedOptions<DemoOptions, DemoOptionsValidator>(configuration, DemoOptions.SectionName);
        return services;
    }

    /// <summary>Reads a section once while the host is being built, for choices that decide what is registered.</summary>
    public static TOptions ReadSection<TOptions>(this IConfiguration configuration, string section)
        where TOptions : class, new() =>
        configuration.GetSection(section).Get<TOptions>() ?? new TOptions();

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
