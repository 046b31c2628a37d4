using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Hosting;

/// <summary>Configures a silo: its grains, providers and options.</summary>
public interface ISiloBuilder
{
    /// <summary>The silo's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration; options are bound from its <c>OrleansAgents</c> section.</summary>
    IConfiguration? Configuration { get; }
}
