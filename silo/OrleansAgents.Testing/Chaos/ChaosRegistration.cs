using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansAgents.Testing;

/// <summary>Puts a silo's chaos in place: the fault-injecting decorator around each named storage provider, and the call filter.</summary>
internal static class ChaosRegistration
{
    public static void AddChaos(ISiloBuilder silo, ChaosController chaos, IEnumerable<string> providers)
    {
        foreach (var provider in providers.Distinct(StringComparer.Ordinal))
        {
            var registered = silo.Services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, provider))
                ?? throw new InvalidOperationException($"Chaos: no storage provider named '{provider}' is registered on the silo; register it before UseChaos wraps it.");
            silo.Services.AddKeyedSingleton<IGrainStorage>(provider, (sp, key) =>
            {
                var storage = new FaultInjectingGrainStorage(
                    provider,
                    Create(registered, sp, key),
                    chaos,
                    sp.GetRequiredService<ILocalSiloDetails>().SiloAddress,
                    sp.GetService<TimeProvider>() ?? TimeProvider.System,
                    sp.GetRequiredService<DeepCopier>());
                chaos.Register(storage);
                return storage;
            });
        }

        if (chaos.Calls.Count > 0)
        {
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => new FaultInjectingCallFilter(chaos, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }
    }

    /// <summary>Makes the storage <paramref name="registered"/> describes (a factory, an instance or a type).</summary>
    private static IGrainStorage Create(ServiceDescriptor registered, IServiceProvider services, object? key) =>
        (IGrainStorage)(registered.KeyedImplementationFactory?.Invoke(services, key)
            ?? registered.KeyedImplementationInstance
            ?? ActivatorUtilities.CreateInstance(services, registered.KeyedImplementationType!));
}
