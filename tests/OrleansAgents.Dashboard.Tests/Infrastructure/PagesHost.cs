using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Orleans.Dashboard;
using OrleansAgents.Hosting;
using OrleansAgents.Http.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;

namespace OrleansAgents.Dashboard.Tests.Infrastructure;

/// <summary>
/// A WebApplication on Kestrel (a free loopback port) co-hosting a silo (localhost clustering, in-memory providers, the
/// sample agents, <see cref="GateAgent"/> as <c>gate</c>, the Orleans Dashboard), serving the HTTP API, the sign-in, the
/// tasks page and <c>/dashboard</c>, as the silo executable does with <c>--http</c>; and one headless Debian Chromium
/// (Playwright) for the test class. Every user in <see cref="Users"/> has the key <see cref="KeyOf"/>(user); <c>root</c>
/// is an admin.
/// </summary>
public sealed class PagesHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Admin = "root";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly string[] Users = [Admin, "alice", "bob", "carol", "dave", "erin"];

    private WebApplication? _app;
    private IPlaywright? _playwright;

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots are kept here: <c>screenshots/</c> in the test's output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static string KeyOf(string user) => $"{user}-dashboard-key";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: run `apt-get install -y chromium`.");
        }

        var settings = Users.SelectMany((user, i) => new[]
        {
            new KeyValuePair<string, string?>($"OrleansAgents:Http:ApiKeys:{i}:User", user),
            new KeyValuePair<string, string?>($"OrleansAgents:Http:ApiKeys:{i}:KeySha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(KeyOf(user))))),
            new KeyValuePair<string, string?>($"OrleansAgents:Http:ApiKeys:{i}:Admin", user == Admin ? "true" : "false"),
        });
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var siloPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort)
            .AddAgentInMemoryProviders()
            .AddSampleAgents()
            .AddAgent<GateAgent>("gate", o => o.Description = "Waits at a gate the test opens.")
            .AddDashboard());
        builder.Services.AddAgentHttpApi(builder.Configuration);
        _app = builder.Build();
        _app.MapAgentHttpApi();
        _app.MapAgentPages();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A fresh browser context (its own cookies) on the host.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>A client of the REST API sending <paramref name="user"/>'s key.</summary>
    public HttpClient Api(string user)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyOf(user));
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
