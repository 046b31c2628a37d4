using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;

// Usage: dotnet OrleansAgents.ClientProcess.dll --GatewayPort=30000 [--ClusterId=default] [--ServiceId=orleansagents] [--Tasks=20]
// Connects to the silo's gateway on loopback, submits Tasks doubler tasks (input i, output 2i), waits for each and
// writes one line: "result: S/N succeeded, sum X" (X is the sum of the outputs). Exit code 0 when all succeeded.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
builder.Configuration.AddCommandLine(args);
builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
var gatewayPort = builder.Configuration.GetValue<int?>("GatewayPort") ?? throw new ArgumentException("--GatewayPort=<port> is required.");
var clusterId = builder.Configuration["ClusterId"] ?? "default";
var serviceId = builder.Configuration["ServiceId"] ?? "orleansagents";
var count = builder.Configuration.GetValue("Tasks", 20);
builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId, clusterId).AddAgentClient());

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
var agents = new AgentClient(host.Services.GetRequiredService<IClusterClient>(), new AgentCaller("client-process"));
var run = Guid.NewGuid().ToString("N")[..6];
var submitted = await Task.WhenAll(Enumerable.Range(1, count).Select(i => agents.SubmitAsync("doubler", i, $"client-{run}-{i}"))).ConfigureAwait(false);
var ended = await Task.WhenAll(submitted.Select(task => agents.WaitAsync(task.TaskId, TimeSpan.FromSeconds(30)))).ConfigureAwait(false);
var succeeded = ended.Count(task => task.Status == AgentTaskStatus.Succeeded);
var sum = ended.Where(task => task.Status == AgentTaskStatus.Succeeded && task.Output is not null).Sum(task => task.Output!.Value.GetInt32());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result: {succeeded}/{count} succeeded, sum {sum}"));
await host.StopAsync().ConfigureAwait(false);
return succeeded == count ? 0 : 1;
