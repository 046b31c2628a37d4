using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Grain registration and the in-memory providers.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Registers one grain class.</summary>
    public static ISiloBuilder AddGrain<TGrain>(this ISiloBuilder builder)
        where TGrain : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new GrainClassRegistration(typeof(TGrain)));
        return builder;
    }

    /// <summary>Registers every concrete grain class of an assembly (classes implementing a grain interface).</summary>
    public static ISiloBuilder AddGrains(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes())
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } &&
                type.GetInterfaces().Any(GrainInterfaceDescriptor.IsGrainInterface))
            {
                builder.Services.AddSingleton(new GrainClassRegistration(type));
            }
        }

        return builder;
    }

    /// <summary>Configures the silo's identity.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds a grain storage provider kept in process memory. In a TestCluster every silo shares it, so state
    /// survives a grain moving between silos; it is lost when the process exits.
    /// </summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = StorageNames.Default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => sp.GetRequiredService<InMemoryFabric>().GetStorage(name));
        return builder;
    }
}
