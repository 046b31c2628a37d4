using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Runtime.Tests;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>Each fault kind happens when turned on, and the runtime copes as documented.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Duplicated_frames_between_silos_run_each_call_once()
    {
        await RunAsync(SimulationFaults.None, async (simulation, cluster) =>
        {
            var keys = await RemoteKeysAsync(cluster, 10);
            simulation.Faults = new SimulationFaults { DuplicateRate = 1.0 };
            foreach (var key in keys)
            {
                for (var i = 1; i <= 3; i++)
                {
                    Assert.Equal(i, await cluster.Silos[0].GrainFactory.GetGrain<IStatefulGrain>(key).IncrementAsync($"n{i}"));
                }
            }

            Assert.True(simulation.Counters.FramesDuplicated >= 30, simulation.Counters.ToString());
        });
    }

    [Fact]
    public async Task A_dropped_request_between_silos_ends_in_a_timeout_not_a_hang()
    {
        await RunAsync(SimulationFaults.None, async (simulation, cluster) =>
        {
            var grain = cluster.Silos[0].GrainFactory.GetGrain<IStatefulGrain>((await RemoteKeysAsync(cluster, 1))[0]);
            simulation.Faults = new SimulationFaults { DropRate = 1.0 };
            var started = simulation.Elapsed;
            await Assert.ThrowsAsync<TimeoutException>(() => grain.IncrementAsync("lost"));
            Assert.True(simulation.Elapsed - started >= TimeSpan.FromSeconds(30), $"timed out after {simulation.Elapsed - started}");
            Assert.True(simulation.Counters.FramesDropped > 0);
        });
    }

    [Fact]
    public async Task A_failed_storage_write_reaches_the_caller_and_a_timed_out_one_is_applied_anyway()
    {
        await RunAsync(SimulationFaults.None, async (simulation, cluster) =>
        {
            var grain = cluster.Client.GetGrain<IStatefulGrain>("storage-faults");
            simulation.Faults = new SimulationFaults { StorageWriteFailureRate = 1.0 };
            await Assert.ThrowsAsync<IOException>(() => grain.IncrementAsync("failed"));
            Assert.Empty(simulation.Storage.Writes);

            simulation.Faults = new SimulationFaults { StorageWriteTimeoutRate = 1.0 };
            await Assert.ThrowsAsync<TimeoutException>(() => grain.IncrementAsync("timed out"));
            var applied = Assert.Single(simulation.Storage.Writes);
            Assert.True(applied.CallerSawFailure);
        });
    }

    [Fact]
    public async Task Clock_skew_gives_each_silo_its_own_wall_clock()
    {
        await RunAsync(new SimulationFaults { MaxClockSkew = TimeSpan.FromHours(1) }, (simulation, cluster) =>
        {
            var clocks = cluster.Silos.Select(s => s.Services.GetRequiredService<TimeProvider>().GetUtcNow()).ToArray();
            Assert.True(clocks.Distinct().Count() == clocks.Length, string.Join(", ", clocks));
            Assert.All(clocks, c => Assert.InRange(c - simulation.TimeProvider.GetUtcNow(), TimeSpan.FromHours(-1), TimeSpan.FromHours(1)));
            return Task.CompletedTask;
        });
    }

    /// <summary>Keys whose grains live on another silo than the first (asked through the client, whose link has no faults).</summary>
    private static async Task<string[]> RemoteKeysAsync(TestCluster cluster, int count)
    {
        var keys = new List<string>();
        for (var i = 0; keys.Count < count; i++)
        {
            if (await cluster.Client.GetGrain<IStatefulGrain>($"remote-{i}").GetSiloAsync() != cluster.Silos[0].Name)
            {
                keys.Add($"remote-{i}");
            }
        }

        return [.. keys];
    }

    private static Task RunAsync(SimulationFaults faults, Func<TestingHost.Simulation, TestCluster, Task> body) =>
        TestingHost.Simulation.RunAsync(new SimulationOptions { Seed = 3, Faults = faults }, async simulation =>
        {
            await using var cluster = ClusterFixture.CreateBuilder(new LifecycleProbe(), 3).Build();
            await cluster.DeployAsync();
            await body(simulation, cluster);
        });
}
