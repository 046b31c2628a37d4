using OrleansAgents.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;
using OrleansAgents.Testing;
using Orleans.Streams;
using Xunit;

namespace OrleansAgents.Client.Tests.Streams;

/// <summary>A two-silo cluster (on the real clock) with the sample agents and the streaming test agents, shared by the tests of a class.</summary>
public sealed class StreamingAgentCluster : IAsyncLifetime
{
    public AgentTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public Gates Gates { get; } = new();

    public async Task InitializeAsync()
    {
        // Real time: with the kit's fake clock the memory streams deliver nothing.
        Cluster = await new AgentTestClusterBuilder(2).UseRealTime().ConfigureSilo(silo =>
        {
            silo.AddSampleAgents();
            silo.Services.AddSingleton(Gates);
            silo.AddAgent<ProgressGateAgent>(ProgressGateAgent.Name);
            silo.AddAgent<TopicPublishingAgent>(TopicPublishingAgent.Name);
            silo.AddAgent<TopicListeningAgent>(TopicListeningAgent.Name);
        }).DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Task event streams (WatchAsync) and topics from agents and clients.</summary>
public sealed class WatchAndTopicTests(StreamingAgentCluster fixture) : IClassFixture<StreamingAgentCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly StreamingAgentCluster _agents = fixture;

    [Fact]
    public async Task Watching_a_running_task_from_a_client_starts_with_its_current_state_and_ends_at_the_terminal_status()
    {
        var client = new AgentClient(_agents.Client, new AgentCaller("watcher"));
        var gate = Guid.NewGuid().ToString("N");
        var submitted = await client.SubmitAsync(ProgressGateAgent.Name, gate);
        await _agents.Gates.Entered(gate).WaitAsync(Deadline);

        var seen = new List<AgentTaskSnapshot>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var snapshot in client.WatchAsync(submitted.TaskId))
            {
                lock (seen)
                {
                    seen.Add(snapshot);
                }

                first.TrySetResult();
            }
        });

        await first.Task.WaitAsync(Deadline);
        _agents.Gates.Release(gate);
        await watching.WaitAsync(Deadline);

        Assert.Equal(AgentTaskStatus.Running, seen[0].Status);
        Assert.Equal(25, seen[0].Progress.Percent);
        Assert.Contains(seen, s => s.Status == AgentTaskStatus.Running && s.Progress.Percent == 75);
        Assert.Equal(AgentTaskStatus.Succeeded, seen[^1].Status);
        Assert.Single(seen, s => s.Status.IsTerminal());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second.UpdatedAt >= p.First.UpdatedAt), "states arrive in order");

        // Every persisted transition after the first state, none twice, none missing: consecutive sequence numbers.
        Assert.Equal(Enumerable.Range((int)seen[0].Sequence, seen.Count).Select(n => (long)n), seen.Select(s => s.Sequence));
        Assert.Equal(await client.GetAsync(submitted.TaskId), seen[^1], SnapshotComparer.Instance);
    }

    [Fact]
    public async Task Watching_a_finished_task_yields_its_terminal_state_once_and_ends()
    {
        var client = new AgentClient(_agents.Client, new AgentCaller("watcher"));
        var task = await client.SubmitAsync("echo", "hello");
        await client.WaitAsync(task.TaskId, Deadline);

        var seen = new List<AgentTaskSnapshot>();
        await foreach (var snapshot in client.WatchAsync(task.TaskId).WithCancellation(new CancellationTokenSource(Deadline).Token))
        {
            seen.Add(snapshot);
        }

        Assert.Equal(AgentTaskStatus.Succeeded, Assert.Single(seen).Status);
    }

    [Fact]
    public async Task A_client_cannot_watch_another_users_task()
    {
        var owner = new AgentClient(_agents.Client, new AgentCaller("owner"));
        var task = await owner.SubmitAsync("echo", "secret");
        var intruder = new AgentClient(_agents.Client, new AgentCaller("intruder"));

        await Assert.ThrowsAsync<AgentTaskNotFoundException>(async () =>
        {
            await foreach (var _ in intruder.WatchAsync(task.TaskId))
            {
                Assert.Fail("the intruder must not see any state");
            }
        });
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it_while_the_task_goes_on()
    {
        var client = new AgentClient(_agents.Client, new AgentCaller("watcher"));
        var gate = Guid.NewGuid().ToString("N");
        var task = await client.SubmitAsync(ProgressGateAgent.Name, gate);
        await _agents.Gates.Entered(gate).WaitAsync(Deadline);

        using var cancel = new CancellationTokenSource();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in client.WatchAsync(task.TaskId, cancel.Token))
            {
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(Deadline);
        await cancel.CancelAsync();
        await watching.WaitAsync(Deadline);

        _agents.Gates.Release(gate);
        Assert.Equal(AgentTaskStatus.Succeeded, (await client.WaitAsync(task.TaskId, Deadline)).Status);
    }

    [Fact]
    public async Task An_agent_publishes_on_a_topic_and_a_client_pattern_subscription_receives_it()
    {
        var client = new AgentClient(_agents.Client, new AgentCaller("topics"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var received = new TaskCompletionSource<TopicMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await _agents.Client.GetStreamProvider(StreamProviderNames.Default).SubscribeToTopicAsync(
            $"agents{run}.*.done",
            new TopicObserver(message => Task.FromResult(received.TrySetResult(message))));

        var task = await client.SubmitAsync(TopicPublishingAgent.Name, $"agents{run}.publisher.done");

        var message = await received.Task.WaitAsync(Deadline);
        Assert.Equal($"agents{run}.publisher.done", message.Topic);
        Assert.Equal(task.TaskId, message.Payload.GetProperty("task").GetString());
        await handle.UnsubscribeAsync();
    }

    [Fact]
    public async Task An_agent_subscribed_to_a_pattern_receives_what_a_client_publishes()
    {
        var client = new AgentClient(_agents.Client, new AgentCaller("topics"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var task = await client.SubmitAsync(TopicListeningAgent.Name, $"inbox{run}.**");

        // The agent subscribes when it starts; publish until it has heard one.
        AgentTaskSnapshot? finished = null;
        await _agents.Cluster.EventuallyAsync(
            async () =>
            {
                await client.PublishAsync($"inbox{run}.for.agent", "ping");
                return (finished = await client.GetAsync(task.TaskId)).Status.IsTerminal();
            },
            Deadline,
            "the listening agent receives a message and succeeds");

        Assert.Equal(AgentTaskStatus.Succeeded, finished!.Status);
        Assert.Equal("ping", finished.Output?.GetString());
    }

    private sealed class TopicObserver(Func<TopicMessage, Task> onNext) : IAsyncObserver<TopicMessage>
    {
        public Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null) => onNext(item);

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }

    /// <summary>Compares snapshots by what a reader sees (records holding lists compare by reference).</summary>
    private sealed class SnapshotComparer : IEqualityComparer<AgentTaskSnapshot>
    {
        public static readonly SnapshotComparer Instance = new();

        public bool Equals(AgentTaskSnapshot? x, AgentTaskSnapshot? y) =>
            x is not null && y is not null && x.TaskId == y.TaskId && x.Status == y.Status && x.UpdatedAt == y.UpdatedAt && x.Progress == y.Progress;

        public int GetHashCode(AgentTaskSnapshot obj) => obj.TaskId.GetHashCode(StringComparison.Ordinal);
    }
}
