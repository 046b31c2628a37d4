using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Fails start-up with a message naming the silo option that is wrong.</summary>
internal sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{Property(nameof(SiloHostOptions.ClusterId))} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{Property(nameof(SiloHostOptions.ServiceId))} must not be empty.");
        }

        Port(errors, options.SiloPort, nameof(SiloHostOptions.SiloPort));
        Port(errors, options.GatewayPort, nameof(SiloHostOptions.GatewayPort));
        if (options.SiloPort == options.GatewayPort)
        {
            errors.Add($"{Property(nameof(SiloHostOptions.SiloPort))} and {Property(nameof(SiloHostOptions.GatewayPort))} must differ (both {options.SiloPort}).");
        }

        if (options.AdvertisedAddress is { } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"{Property(nameof(SiloHostOptions.AdvertisedAddress))} must be an IP address (was '{address}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether the options can be used to configure the silo's endpoints.</summary>
    public static bool IsValid(SiloHostOptions options) => new SiloHostOptionsValidator().Validate(null, options).Succeeded;

    private static void Port(List<string> errors, int value, string property)
    {
        if (value is < 1 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{Property(property)} must be a port from 1 to {IPEndPoint.MaxPort} (was {value}).");
        }
    }

    private static string Property(string property) => $"{nameof(SiloHostOptions)}.{property} ({SiloHostOptions.SectionName}:{property})";
}
