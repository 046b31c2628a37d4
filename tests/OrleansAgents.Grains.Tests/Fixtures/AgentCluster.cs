using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.TestAgents;
using OrleansAgents.Hosting;
using OrleansAgents.Runtime;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>
/// A test cluster running the sample agents (plus <see cref="GateAgent"/> and <see cref="CallingAgent"/>) on recorded storage, with the handles a
/// scenario needs: the storage log, the chat transcript and the gates.
/// </summary>
public sealed class AgentCluster : IAsyncDisposable
{
    /// <summary>The storage provider name the recorded storage is registered under.</summary>
    public const string RecordedStorage = "recorded";

    /// <summary>How long every storage write takes, as against a database.</summary>
    public static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(5);

    private long _nextTask;

    private AgentCluster(TestCluster cluster)
    {
        Cluster = cluster;
    }

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public StorageLog Storage { get; } = new();

    public ChatTranscript Chat { get; } = new();

    public AgentGates Gates { get; } = new();

    /// <summary>What the <see cref="StayAgent"/> runs of this cluster did.</summary>
    public StayProbe Stays { get; } = new();

    /// <summary>Builds and deploys a cluster of <paramref name="silos"/> silos.</summary>
    public static async Task<AgentCluster> StartAsync(
        int silos,
        Action<AgentTaskOptions>? options = null,
        Action<TestClusterBuilder>? builder = null)
    {
        AgentCluster? self = null;
        var clusterBuilder = new TestClusterBuilder(silos).ConfigureSilo(silo =>
        {
            var cluster = self!;
            silo.Services.AddKeyedSingleton<IGrainStorage>(RecordedStorage, (sp, _) =>
                new RecordingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), cluster.Storage, WriteLatency, sp.GetRequiredService<TimeProvider>()));
            silo.Services.AddSingleton<IChatClient>(cluster.Chat.Client);
            silo.Services.AddSingleton(cluster.Gates);
            silo.Services.AddSingleton(cluster.Stays);
            silo.AddSampleAgents();
            silo.AddAgent<GateAgent>(GateAgent.Name, o => o.Description = "Waits until the test opens its gate.");
            silo.AddAgent<CallingAgent>(CallingAgent.Name, o => o.Description = "Calls another agent and adds one.");
            silo.AddAgent<StayAgent>(StayAgent.Name, o => o.Description = "Stays until cancelled on its first run.");
            silo.Configure<AgentTaskOptions>(o =>
            {
                o.StorageName = RecordedStorage;
                o.CancellationGracePeriod = TimeSpan.FromMilliseconds(300);
                options?.Invoke(o);
            });
        });
        builder?.Invoke(clusterBuilder);
        self = new AgentCluster(clusterBuilder.Build());
        await self.Cluster.DeployAsync();
        return self;
    }

    /// <summary>A task grain with a fresh id (a counter, not a Guid: ids and so placement replay in a simulation).</summary>
    public IAgentTaskGrain NewTask(string prefix = "task") => Client.GetGrain<IAgentTaskGrain>($"{prefix}-{Interlocked.Increment(ref _nextTask)}");

    /// <summary>The task record as storage holds it now, read through <paramref name="silo"/>'s agent storage.</summary>
    public static async Task<AgentTaskSnapshot?> ReadRecordAsync(SiloHandle silo, IAgentTaskGrain task)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name);
        var record = await storage.ReadAsync("task", task.GetGrainId(), CancellationToken.None);
        return record is null
            ? null
            : JsonSerializer.Deserialize<AgentTaskState>(record.Json.Span)!.Task;
    }

    /// <summary>The silo holding <paramref name="task"/>'s activation, if any.</summary>
    public SiloHandle? HostOf(IAgentTaskGrain task) => Cluster.Silos.FirstOrDefault(s => s.HostsActivation(task.GetGrainId()));

    /// <summary>
    /// Kills <paramref name="silo"/> as a crash would: its storage is fenced first (a dead process writes nothing,
    /// though its code still runs in this test process), then it is killed and the survivors agree it is gone.
    /// </summary>
    public async Task KillAsync(SiloHandle silo)
    {
        ((RecordingGrainStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>(RecordedStorage)).Fence();
        await Cluster.KillSiloAsync(silo);
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
