using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Client.Tests;

/// <summary>
/// <see cref="AgentClientHostExtensions.StartAgentClientAsync"/> at its deadline, against a host that ends its start the
/// two ways Orleans' client start does when its token is cancelled.
/// </summary>
public sealed class ClientStartTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_start_cancelled_at_the_deadline_is_reported_as_no_reachable_gateway() =>
        await AssertReportedAsync(token => Task.FromCanceled(token));

    /// <summary>
    /// Orleans' retry loop rethrows the failed attempt's own exception when the token is cancelled during the attempt
    /// (flake budget, 2026-12-05: the client process exited with this exception, not the message).
    /// </summary>
    [Fact]
    public async Task A_start_that_ends_with_the_last_attempts_failure_at_the_deadline_is_reported_as_no_reachable_gateway() =>
        await AssertReportedAsync(_ => Task.FromException(new SiloUnavailableException("Could not find any gateway in 'AdoNetGatewayListProvider'.")));

    [Fact]
    public async Task A_start_that_fails_before_the_deadline_fails_with_its_own_exception()
    {
        using var host = new StartingHost(_ => Task.FromException(new InvalidOperationException("bad configuration")), waitForDeadline: false);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAgentClientAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("bad configuration", failure.Message);
    }

    private static async Task AssertReportedAsync(Func<CancellationToken, Task> endAtDeadline)
    {
        using var host = new StartingHost(endAtDeadline, waitForDeadline: true);
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => host.StartAgentClientAsync(ConnectTimeout));
        Assert.StartsWith("The Orleans client found no reachable gateway within 0.2 s (cluster 'agents', service 'svc'): the clustering provider lists no gateway", failure.Message, StringComparison.Ordinal);
        Assert.True(host.Stopped, "The host that could not connect was not stopped.");
    }

    /// <summary>A host whose start waits for its token (the connection deadline) and then ends as told.</summary>
    private sealed class StartingHost(Func<CancellationToken, Task> end, bool waitForDeadline) : IHost
    {
        public IServiceProvider Services { get; } = new ServiceCollection()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "agents", ServiceId = "svc" }))
            .AddSingleton<IGatewayListProvider, NoGateways>()
            .BuildServiceProvider();

        public bool Stopped { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (waitForDeadline)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            await end(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken = default)
        {
            Stopped = true;
            return Task.CompletedTask;
        }

        public void Dispose() => ((IDisposable)Services).Dispose();
    }

    private sealed class NoGateways : IGatewayListProvider
    {
        public TimeSpan MaxStaleness => TimeSpan.FromMinutes(1);

        public bool IsUpdatable => true;

        public Task InitializeGatewayListProvider() => Task.CompletedTask;

        public Task<IList<Uri>> GetGateways() => Task.FromResult<IList<Uri>>([]);
    }
}
