using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_submitted_task_is_listed_at_once_from_whichever_silo_still_holds_its_listing_change()
    {
        // Listing changes are sent to the user's grain after the submit is answered, gathered per user; here they wait ten
        // minutes, so every task below can only be listed from the silos' own lanes, which the listing read asks: its own
        // silo's directly, the other's through its grain service.
        // Tasks must land on both silos: placed at random, as this test assumes. Orleans' default placement
        // (resource-optimized) can keep choosing one silo of two on a loaded machine, whose statistics the fake clock
        // does not refresh: all 64 tasks went to one silo in one CI run.
        await using var cluster = await new AgentTestClusterBuilder(2)
            .ConfigureSilo(s =>
            {
                s.AddSampleAgents();
                s.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            })
            .ConfigureAgents(o => o.ListingDelay = TimeSpan.FromMinutes(10))
            .DeployAsync();
        var user = $"lanes-{Guid.NewGuid():N}";
        var lanes = cluster.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<TaskBookkeeping>()).ToArray();
        var users = cluster.Client.GetGrain<IUserTasksGrain>(user);
        var submitted = new Dictionary<string, AgentTaskStatus>();

        // Until both silos hold some (tasks are placed at random: each new one lands on either).
        for (var i = 0; i < 64 && (submitted.Count < 4 || lanes.Any(lane => lane.PendingListings(user).Length == 0)); i++)
        {
            var id = $"{user}-{i}";
            var answer = await cluster.Client.GetGrain<IAgentTaskGrain>(id).SubmitAsync(AgentTaskRequest.For("echo", i, user));
            submitted[id] = answer.Status;

            var listed = (await users.ListAsync(100)).ToDictionary(t => t.TaskId, t => t.Status);
            Assert.Equal(submitted.Keys.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
            // As answered, or later (the test kit writes a task before its first attempt, so the submit answers Pending).
            Assert.True(listed[id] == answer.Status || listed[id] is AgentTaskStatus.Running or AgentTaskStatus.Succeeded, $"{id} is listed {listed[id]}");
        }

        Assert.All(lanes, lane => Assert.NotEmpty(lane.PendingListings(user)));
        Assert.Equal(submitted.Count, lanes.Sum(lane => lane.PendingListings(user).Select(t => t.TaskId).Distinct().Count()));
    }
}
