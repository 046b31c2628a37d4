using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansAgents.Agents;
using OrleansAgents.ClientProcess;
using OrleansAgents.Hosting;

// Usage:
//   dotnet OrleansAgents.ClientProcess.dll [workload] [--Clustering=Localhost|Postgres|Redis] [--GatewayPort=30000]
//       [--ConnectionString=...] [--ClusterId=default] [--ServiceId=orleansagents] [--Tasks=20] ...
// Without a command: submits Tasks doubler tasks (input i, output 2i), waits for each and writes one line:
// "result: S/N succeeded, sum X" (X is the sum of the outputs). Exit code 0 when all succeeded.
// "workload": the failover workload (see Workload), writing one JSON object a line.
// "inflight": submits one slow task (--Steps, --StepMs) and waits for it (--WaitSeconds, default 15) in one call,
// writing {"e":"waiting"} before the call and {"e":"failed","afterMs":N,"type":T,"message":M} or {"e":"ended"} after it.
// No gateway within --ConnectTimeoutSeconds (default 30): the reason on standard error, exit code 3.
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0].ToLowerInvariant() : string.Empty;
var workload = command == "workload";
var options = command.Length > 0 ? args[1..] : args;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = options, DisableDefaults = true });
builder.Configuration.AddCommandLine(options);
builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Orleans", LogLevel.Error);
var clustering = builder.Configuration["Clustering"] ?? "Localhost";
var clusterId = builder.Configuration["ClusterId"] ?? "default";
var serviceId = builder.Configuration["ServiceId"] ?? "orleansagents";
var connectionString = builder.Configuration["ConnectionString"];
var responseTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("ResponseTimeoutSeconds", 10));
builder.UseOrleansClient(client =>
{
    switch (clustering.ToUpperInvariant())
    {
        case "POSTGRES":
            client.UseAgentPostgresClustering(o => o.ConnectionString = connectionString ?? throw new ArgumentException("--ConnectionString=<npgsql> is required."));
            break;
        case "REDIS":
            client.UseAgentRedisClustering(o => o.ConnectionString = connectionString ?? throw new ArgumentException("--ConnectionString=<redis> is required."));
            break;
        default:
            var gatewayPort = builder.Configuration.GetValue<int?>("GatewayPort") ?? throw new ArgumentException("--GatewayPort=<port> is required.");
            client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
            break;
    }

    client.Configure<ClusterOptions>(cluster =>
    {
        cluster.ClusterId = clusterId;
        cluster.ServiceId = serviceId;
    });

    // A killed silo's gateway leaves the list within seconds; a call in flight to it fails within the response timeout.
    client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = responseTimeout);
    client.AddAgentClient();
});

using var host = builder.Build();
try
{
    await host.StartAgentClientAsync(TimeSpan.FromSeconds(builder.Configuration.GetValue("ConnectTimeoutSeconds", 30.0))).ConfigureAwait(false);
}
catch (TimeoutException exception)
{
    Console.Error.WriteLine($"client: {exception.Message}");
    return 3;
}

var agents = new AgentClient(host.Services.GetRequiredService<IClusterClient>(), new AgentCaller("client-process"));
int exitCode;
if (workload)
{
    exitCode = await new Workload(agents, builder.Configuration, Console.Out).RunAsync().ConfigureAwait(false);
}
else if (command == "inflight")
{
    exitCode = await InFlightCall.RunAsync(agents, builder.Configuration, Console.Out).ConfigureAwait(false);
}
else
{
    var count = builder.Configuration.GetValue("Tasks", 20);
    var run = Guid.NewGuid().ToString("N")[..6];
    var submitted = await Task.WhenAll(Enumerable.Range(1, count).Select(i => agents.SubmitAsync("doubler", i, $"client-{run}-{i}"))).ConfigureAwait(false);
    var ended = await Task.WhenAll(submitted.Select(task => agents.WaitAsync(task.TaskId, TimeSpan.FromSeconds(30)))).ConfigureAwait(false);
    var succeeded = ended.Count(task => task.Status == AgentTaskStatus.Succeeded);
    var sum = ended.Where(task => task.Status == AgentTaskStatus.Succeeded && task.Output is not null).Sum(task => task.Output!.Value.GetInt32());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result: {succeeded}/{count} succeeded, sum {sum}"));
    exitCode = succeeded == count ? 0 : 1;
}

await host.StopAsync().ConfigureAwait(false);
return exitCode;
