using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class UserTaskListingTests
{
    [Fact]
    public async Task A_users_listing_keeps_the_most_recent_tasks_up_to_the_limit_and_older_ones_stay_readable_by_id()
    {
        await using var cluster = await new AgentTestClusterBuilder(1)
            .ConfigureSilo(s => s.AddSampleAgents())
            .ConfigureAgents(o => o.MaxListedTasksPerUser = 3)
            .DeployAsync();
        var caller = new AgentCaller("lin");
        for (var i = 0; i < 5; i++)
        {
            var task = cluster.Client.GetGrain<IAgentTaskGrain>($"listed-{i}");
            await task.SubmitAsync(AgentTaskRequest.For("echo", i, "lin"));
            await cluster.WaitForTerminalAsync($"listed-{i}", caller);
        }

        var users = cluster.Client.GetGrain<IUserTasksGrain>("lin");
        IReadOnlyList<AgentTaskSummary> listed = [];
        await cluster.EventuallyAsync(
            async () =>
            {
                listed = await users.ListAsync(10);
                return listed.Count == 3 && listed.All(t => t.Status == AgentTaskStatus.Succeeded);
            },
            TimeSpan.FromSeconds(30),
            "the listing to hold the 3 newest tasks, all Succeeded");

        Assert.Equal(["listed-4", "listed-3", "listed-2"], listed.Select(t => t.TaskId));
        Assert.Equal(AgentTaskStatus.Succeeded, (await cluster.Client.GetGrain<IAgentTaskGrain>("listed-0").GetAsync(caller)).Status);
    }
}
