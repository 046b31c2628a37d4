using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class FinishedTaskActivationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_finished_task_releases_its_activation_and_a_later_read_reactivates_it_from_storage()
    {
        await using var cluster = await new AgentTestClusterBuilder(1).ConfigureSilo(s => s.AddSampleAgents()).DeployAsync();
        var task = cluster.Client.GetGrain<IAgentTaskGrain>("released-1");
        var caller = new AgentCaller("ada");

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, "ada"));
        var done = await cluster.WaitForTerminalAsync("released-1", caller);
        await cluster.EventuallyAsync(() => Task.FromResult(!cluster.Cluster.TryGetGrainContext(task.GetGrainId(), out _)), Deadline, "the finished task's activation to be released");

        var read = await task.GetAsync(caller);
        var waited = await task.WaitAsync(caller, TimeSpan.FromSeconds(10));

        Assert.Equal((AgentTaskStatus.Succeeded, 41.0, done.CompletedAt), (read.Status, read.Output!.Value.GetDouble(), read.CompletedAt));
        Assert.Equal((done.Status, done.Attempts, done.UpdatedAt), (waited.Status, waited.Attempts, waited.UpdatedAt));
        await cluster.EventuallyAsync(() => Task.FromResult(!cluster.Cluster.TryGetGrainContext(task.GetGrainId(), out _)), Deadline, "the re-activated finished task to be released again");
    }

    [Fact]
    public async Task Reading_a_task_that_does_not_exist_leaves_no_activation_behind()
    {
        await using var cluster = await new AgentTestClusterBuilder(1).ConfigureSilo(s => s.AddSampleAgents()).DeployAsync();
        var task = cluster.Client.GetGrain<IAgentTaskGrain>("never-submitted");

        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.GetAsync(new AgentCaller("ada")));

        await cluster.EventuallyAsync(() => Task.FromResult(!cluster.Cluster.TryGetGrainContext(task.GetGrainId(), out _)), Deadline, "the unknown task's activation to be released");
    }
}
