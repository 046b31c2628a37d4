using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Client.Tests;

public sealed class AgentClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private AgentTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await new AgentTestClusterBuilder(2).ConfigureSilo(silo => silo.AddSampleAgents()).DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_user_submits_waits_and_reads_their_own_task()
    {
        var ada = new AgentClient(_cluster.Client, new AgentCaller("ada"));
        var submitted = await ada.SubmitRouteAsync(["doubler", "incrementer"], 4, taskId: "client-pipeline");
        Assert.Equal("ada", submitted.UserId);

        var done = await ada.WaitAsync("client-pipeline", Patience);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(9, done.Output!.Value.GetDouble());
        Assert.Equal(2, done.Attempts);
        var read = await ada.GetAsync("client-pipeline");
        Assert.Equal((done.Status, done.UpdatedAt, done.Output.Value.GetRawText()), (read.Status, read.UpdatedAt, read.Output!.Value.GetRawText()));
    }

    [Fact]
    public async Task Another_user_can_neither_read_cancel_nor_list_the_task_but_an_admin_can()
    {
        var ada = new AgentClient(_cluster.Client, new AgentCaller("ada"));
        var bob = new AgentClient(_cluster.Client, new AgentCaller("bob"));
        var admin = new AgentClient(_cluster.Client, AgentCaller.Admin);
        var task = await ada.SubmitAsync("echo", "private note");
        await ada.WaitAsync(task.TaskId, Patience);

        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => bob.GetAsync(task.TaskId));
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => bob.CancelAsync(task.TaskId));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => bob.ListAsync(userId: "ada"));
        Assert.Equal("private note", (await admin.GetAsync(task.TaskId)).Output!.Value.GetString());

        // The user's index is flushed by a grain timer: the kit's fake clock moves on while this waits.
        await _cluster.EventuallyAsync(
            async () => (await admin.ListAsync(userId: "ada")).Any(t => t.TaskId == task.TaskId && t.Status == AgentTaskStatus.Succeeded),
            Patience,
            "ada's task list shows the task as Succeeded");

        Assert.DoesNotContain(await bob.ListAsync(), t => t.TaskId == task.TaskId);
    }

    [Fact]
    public async Task The_agent_list_carries_descriptions_and_input_schemas()
    {
        var agents = await new AgentClient(_cluster.Client, new AgentCaller("ada")).ListAgentsAsync();
        var doubler = Assert.Single(agents, a => a.Name == "doubler");
        Assert.Equal("Doubles a number.", doubler.Description);
        Assert.Contains("number", doubler.InputSchema.GetRawText());
    }
}
