using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Hosting;
using OrleansAgents.Tests.Shared;

namespace OrleansAgents.Http.Tests.Infrastructure;

/// <summary>
/// The HTTP API on a host that co-hosts a silo (localhost clustering on free loopback ports, in-memory providers, the
/// sample agents and <see cref="GateAgent"/>), served by TestServer. Users alice, bob, pager and limited have keys; the
/// API's own clock (keep-alive) is <see cref="Time"/>, a fake; the silo keeps the real clock.
/// </summary>
public class ApiHost : WebApplicationFactory<ApiHost>
{
    public const string AliceKey = "alice-secret-key";
    public const string BobKey = "bob-secret-key";

    public FakeTimeProvider Time { get; } = new();

    /// <summary>Settings of <c>OrleansAgents:Http</c> beyond the keys.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> HttpSettings => [];

    /// <summary>A client sending <paramref name="key"/> as a bearer token.</summary>
    public HttpClient As(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The key of a user of its own (created on first use), so a test's listing holds only its own tasks.</summary>
    public static string KeyOf(string user) => $"{user}-key";

    public static string Sha256(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The test's output directory is the content root (WebApplicationFactory looks for a project folder by the assembly's name).</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    protected override IHostBuilder CreateHostBuilder()
    {
        var siloPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        var users = new[] { ("alice", AliceKey), ("bob", BobKey) }
            .Concat(Users.Select(u => (u, KeyOf(u))))
            .ToArray();
        var settings = users
            .SelectMany((u, i) => new[]
            {
                new KeyValuePair<string, string?>($"OrleansAgents:Http:ApiKeys:{i}:User", u.Item1),
                new KeyValuePair<string, string?>($"OrleansAgents:Http:ApiKeys:{i}:KeySha256", Sha256(u.Item2)),
            })
            .Concat(HttpSettings);
        return new HostBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings))
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort, gatewayPort)
                .AddAgentInMemoryProviders()
                .AddSampleAgents()
                .AddAgent<GateAgent>("gate", o => o.Description = "Waits at a gate the test opens."))
            .ConfigureServices((context, services) =>
            {
                services.AddAgentHttpApi(context.Configuration);
                services.AddKeyedSingleton<TimeProvider>(AgentHttpServiceCollectionExtensions.TimeProviderKey, Time);
            })
            .ConfigureWebHost(web => web
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseAgentHttpApi();
                    app.UseEndpoints(endpoints => endpoints.MapAgentHttpApi());
                }));
    }

    /// <summary>Users with keys <see cref="KeyOf"/>(user), one per test that needs a listing of its own.</summary>
    private static readonly string[] Users = ["pager", "filter", "limited", "other", "sse", "topics", "quiet-topic", "cancel"];
}
