using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;
using OrleansAgents.Runtime;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// One in-process silo, built with the public hosting API, hosting the demo grains on a recording storage; shared
/// by the tests of a collection.
/// </summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    private IHost? _host;

    internal RecordingGrainStorage Storage { get; } = new();

    public IGrainFactory Grains => _host!.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansAgents(silo =>
        {
            silo.AddGrain<DemoJobGrain>();
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, Storage);
        });
        _host = builder.Build();
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            _host.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiloCollection : ICollectionFixture<DemoSiloFixture>
{
    public const string Name = "demo silo";
}
