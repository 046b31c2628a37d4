using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansAgents.SiloHost.Configuration;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class SiloHostOptionsTests
{
    [Fact]
    public void Without_settings_the_options_are_those_of_appsettings_json()
    {
        using var host = Build([]);

        var options = host.Services.GetRequiredService<IOptions<SiloHostOptions>>().Value;

        Assert.Equal(("default", "orleansagents", 11111, 30000, (string?)null), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort, options.AdvertisedAddress));
        Assert.Equal("Memory", host.Services.GetRequiredService<IOptions<SiloStorageOptions>>().Value.Provider);
        Assert.False(host.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled);
    }

    [Fact]
    public void The_command_line_sets_the_silo_options_and_they_reach_the_orleans_silo()
    {
        using var host = Build(
        [
            "--OrleansAgents:Silo:ClusterId=blue", "--OrleansAgents:Silo:ServiceId=agents", "--OrleansAgents:Silo:SiloName=s1",
            "--OrleansAgents:Silo:SiloPort=12001", "--OrleansAgents:Silo:GatewayPort=12002", "--OrleansAgents:Silo:AdvertisedAddress=10.1.2.3",
            "--demo",
        ]);

        var options = host.Services.GetRequiredService<IOptions<SiloHostOptions>>().Value;
        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var silo = host.Services.GetRequiredService<IOptions<SiloOptions>>().Value;

        Assert.Equal(("blue", "agents", 12001, 12002, "10.1.2.3"), (options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort, options.AdvertisedAddress));
        Assert.Equal(("blue", "agents"), (cluster.ClusterId, cluster.ServiceId));
        Assert.Equal((12001, 12002, "10.1.2.3"), (endpoints.SiloPort, endpoints.GatewayPort, endpoints.AdvertisedIPAddress?.ToString()));
        Assert.Equal("s1", silo.SiloName);
        Assert.True(host.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled);
    }

    [Theory]
    [InlineData(0, 30000, null, "SiloHostOptions.SiloPort (OrleansAgents:Silo:SiloPort) must be a port from 1 to 65535 (was 0).")]
    [InlineData(11111, 70000, null, "SiloHostOptions.GatewayPort (OrleansAgents:Silo:GatewayPort) must be a port from 1 to 65535 (was 70000).")]
    [InlineData(11111, 11111, null, "SiloHostOptions.SiloPort (OrleansAgents:Silo:SiloPort) and SiloHostOptions.GatewayPort (OrleansAgents:Silo:GatewayPort) must differ (both 11111).")]
    [InlineData(11111, 30000, "silo-1", "SiloHostOptions.AdvertisedAddress (OrleansAgents:Silo:AdvertisedAddress) must be an IP address (was 'silo-1').")]
    public void Invalid_endpoints_are_rejected_naming_the_option(int siloPort, int gatewayPort, string? address, string expected)
    {
        var result = new SiloHostOptionsValidator().Validate(null, new SiloHostOptions { SiloPort = siloPort, GatewayPort = gatewayPort, AdvertisedAddress = address });

        Assert.Equal(expected, result.FailureMessage);
    }

    [Fact]
    public void Empty_cluster_and_service_ids_are_rejected_naming_the_options()
    {
        var result = new SiloHostOptionsValidator().Validate(null, new SiloHostOptions { ClusterId = " ", ServiceId = "" });

        Assert.Equal(
            ["SiloHostOptions.ClusterId (OrleansAgents:Silo:ClusterId) must not be empty.", "SiloHostOptions.ServiceId (OrleansAgents:Silo:ServiceId) must not be empty."],
            result.Failures);
    }

    private static IHost Build(string[] args) => SiloHostBuilder.Build(args, builder => builder.Logging.ClearProviders());
}
