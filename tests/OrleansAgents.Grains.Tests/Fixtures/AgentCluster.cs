using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.TestAgents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>
/// A test cluster (the testing kit's <see cref="AgentTestCluster"/>, on fake time) running the sample agents (plus
/// <see cref="GateAgent"/>, <see cref="CallingAgent"/> and <see cref="StayAgent"/>) on recorded storage, with the
/// handles a scenario needs: the storage log, the chat transcript, the gates, and helpers that drive the fake clock.
/// </summary>
public sealed class AgentCluster : IAsyncDisposable
{
    /// <summary>The storage provider name the recorded storage is registered under.</summary>
    public const string RecordedStorage = "recorded";

    /// <summary>How long every storage write takes (real time), as against a database.</summary>
    public static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a scenario waits (real time) for a condition before it fails.</summary>
    public static readonly TimeSpan RealDeadline = TimeSpan.FromSeconds(30);

    private long _nextTask;

    private AgentCluster()
    {
    }

    public AgentTestCluster Test { get; private set; } = null!;

    public InProcessTestCluster Cluster => Test.Cluster;

    public IClusterClient Client => Test.Client;

    public InProcessSiloHandle Primary => Cluster.Silos[0];

    public SharedGrainStore Store { get; } = new();

    public SharedReminderTable Reminders { get; } = new();

    public StorageLog Storage { get; } = new();

    public ChatTranscript Chat { get; } = new();

    public AgentGates Gates { get; } = new();

    /// <summary>What the <see cref="StayAgent"/> runs of this cluster did.</summary>
    public StayProbe Stays { get; } = new();

    /// <summary>The fake clock's now.</summary>
    public DateTimeOffset Now => Test.Time.GetUtcNow();

    /// <summary>Builds and deploys a cluster of <paramref name="silos"/> silos.</summary>
    public static async Task<AgentCluster> StartAsync(
        short silos,
        Action<AgentTaskOptions>? options = null,
        Action<AgentTestClusterBuilder>? builder = null)
    {
        var self = new AgentCluster();
        var clusterBuilder = new AgentTestClusterBuilder(silos)
            .ConfigureSilo(silo =>
            {
                silo.AddSampleAgents();
                silo.Services.AddSingleton<IReminderTable>(self.Reminders);
                silo.Services.AddKeyedSingleton<IGrainStorage>(RecordedStorage, (sp, _) =>
                    new RecordingGrainStorage(self.Store, self.Storage, WriteLatency, sp.GetRequiredService<Serializer>(), sp.GetRequiredService<DeepCopier>()));
                silo.Services.AddSingleton<IChatClient>(self.Chat.Client);
                silo.Services.AddSingleton(self.Gates);
                silo.Services.AddSingleton(self.Stays);
                silo.AddAgent<GateAgent>(GateAgent.Name, o => o.Description = "Waits until the test opens its gate.");
                silo.AddAgent<CallingAgent>(CallingAgent.Name, o => o.Description = "Calls another agent and adds one.");
                silo.AddAgent<StayAgent>(StayAgent.Name, o => o.Description = "Stays until cancelled on its first run.");
                silo.AddAgent<RememberingFlakyAgent>(RememberingFlakyAgent.Name, o => o.Description = "Appends to its memory, then fails its first attempts.");
            })
            .ConfigureAgents(o =>
            {
                o.StorageName = RecordedStorage;
                o.CancellationGracePeriod = TimeSpan.FromMilliseconds(300);
                options?.Invoke(o);
            });
        builder?.Invoke(clusterBuilder);
        self.Test = await clusterBuilder.DeployAsync();
        return self;
    }

    /// <summary>A task grain with a fresh id (a counter, not a Guid: ids and so placement replay).</summary>
    public IAgentTaskGrain NewTask(string prefix = "task") => Client.GetGrain<IAgentTaskGrain>($"{prefix}-{Interlocked.Increment(ref _nextTask)}");

    /// <summary>The task record as storage holds it now, read through <paramref name="silo"/>'s agent storage.</summary>
    public async Task<AgentTaskSnapshot?> ReadRecordAsync(InProcessSiloHandle silo, IAgentTaskGrain task)
    {
        var storage = silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name);
        var state = new GrainState<AgentTaskState>();
        await storage.ReadStateAsync("task", task.GetGrainId(), state);
        return state.RecordExists ? state.State?.Task : null;
    }

    /// <summary>The ids the recovery index has stored for <paramref name="taskId"/>'s shard.</summary>
    public async Task<IReadOnlyCollection<string>> StoredRecoveryIndexAsync(string taskId)
    {
        var options = Primary.ServiceProvider.GetRequiredService<AgentTaskOptions>();
        // Primary is the first silo still in the cluster: a killed one leaves the list.
        var shard = Client.GetGrain<IAgentTaskRecoveryGrain>(AgentTaskRecoveryShards.For(taskId, options.RecoveryShards));
        var storage = Primary.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name);
        var state = new GrainState<AgentTaskRecoveryState>();
        await storage.ReadStateAsync("inflight", shard.GetGrainId(), state);
        return state.State?.TaskIds ?? [];
    }

    /// <summary>The silo holding <paramref name="grain"/>'s activation, if any (as the grain directory says).</summary>
    public async Task<InProcessSiloHandle?> HostOfAsync(IAddressable grain)
    {
        var address = await DriveAsync(Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain).AsTask());
        return address is null ? null : Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(address));
    }

    /// <summary>
    /// Kills <paramref name="silo"/> as a crash would: its storage is fenced first (a dead process writes nothing,
    /// though its code still runs in this test process), then it is killed and the survivors agree it is gone.
    /// </summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        ((RecordingGrainStorage)silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RecordedStorage)).Fence();
        await DriveAsync(Cluster.KillSiloAsync(silo));
        await DriveAsync(Cluster.WaitForLivenessToStabilizeAsync());
    }

    /// <summary>
    /// Waits until the task is terminal, driving the fake clock, and returns it as it ended. Unlike the kit's
    /// WaitForTerminalAsync it also drives the clock while a read is in flight: a call lost with a killed silo ends
    /// only by its response timeout, which runs on the fake clock.
    /// </summary>
    public Task<AgentTaskSnapshot> WaitAsync(IAgentTaskGrain task, AgentCaller caller) =>
        MatchAsync(() => task.GetAsync(caller), t => t.Status.IsTerminal(), $"task '{task.GetPrimaryKeyString()}' should reach a terminal status");

    /// <summary>Awaits <paramref name="call"/> while driving the fake clock (a call that waits on grain time).</summary>
    public async Task<T> DriveAsync<T>(Task<T> call, TimeSpan? step = null)
    {
        if (!call.IsCompleted)
        {
            await Test.EventuallyAsync(() => Task.FromResult(call.IsCompleted), RealDeadline, "the call to complete", step);
        }

        return await call;
    }

    /// <summary>Awaits <paramref name="call"/> while driving the fake clock.</summary>
    public async Task DriveAsync(Task call, TimeSpan? step = null)
    {
        if (!call.IsCompleted)
        {
            await Test.EventuallyAsync(() => Task.FromResult(call.IsCompleted), RealDeadline, "the call to complete", step);
        }

        await call;
    }

    /// <summary>Awaits <paramref name="condition"/>, driving the fake clock.</summary>
    public Task EventuallyAsync(Func<bool> condition, string because, TimeSpan? step = null) =>
        Test.EventuallyAsync(() => Task.FromResult(condition()), RealDeadline, because, step);

    /// <summary>Awaits <paramref name="condition"/>, driving the fake clock.</summary>
    public Task EventuallyAsync(Func<Task<bool>> condition, string because, TimeSpan? step = null) =>
        Test.EventuallyAsync(condition, RealDeadline, because, step);

    /// <summary>Calls <paramref name="read"/> until <paramref name="match"/> holds, driving the fake clock; returns the match.</summary>
    public async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> match, string because, TimeSpan? step = null)
    {
        T last = default!;
        await Test.EventuallyAsync(async () => match(last = await DriveAsync(read(), step)), RealDeadline, because, step);
        return last;
    }

    public ValueTask DisposeAsync() => Test is null ? ValueTask.CompletedTask : Test.DisposeAsync();
}
