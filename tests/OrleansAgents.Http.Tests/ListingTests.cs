using System.Net;
using System.Net.Http.Json;
using OrleansAgents.Agents;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Tasks;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class ListingTests(ApiHost host)
{
    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_with_no_task_twice_and_none_missed()
    {
        using var pager = host.As(ApiHost.KeyOf("pager"));
        var submitted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            submitted.Add((await pager.SubmittedAsync(new { agent = "echo", input = i })).TaskId);
        }

        // The user's listing is updated one-way after each submit: wait until it holds all five.
        await EventuallyListedAsync(pager, "/tasks?limit=200", submitted);

        var seen = new List<AgentTaskSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(pager, cursor is null ? "/tasks?limit=2" : $"/tasks?limit=2&cursor={cursor}");
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(submitted.Order(), seen.Select(t => t.TaskId).Order());
        Assert.Equal(seen.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.TaskId, StringComparer.Ordinal).Select(t => t.TaskId), seen.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Filters_by_status_and_agent()
    {
        using var user = host.As(ApiHost.KeyOf("filter"));
        var echo = await user.SubmittedAsync(new { agent = "echo", input = "e" });
        var gate = await user.SubmittedAsync(new { agent = "gate", input = "filter-" + Guid.NewGuid().ToString("N") });
        await user.EventuallyAsync(echo.TaskId, t => t.Status == AgentTaskStatus.Succeeded, "Succeeded");
        await user.EventuallyAsync(gate.TaskId, t => t.Status == AgentTaskStatus.Running, "Running");
        await EventuallyListedAsync(user, "/tasks?status=Running", [gate.TaskId]);

        Assert.Equal([gate.TaskId], (await PageAsync(user, "/tasks?status=running")).Items.Select(t => t.TaskId));
        Assert.Equal([echo.TaskId], (await PageAsync(user, "/tasks?agent=echo")).Items.Select(t => t.TaskId));
        Assert.Empty((await PageAsync(user, "/tasks?agent=echo&status=Running")).Items);
        await user.PostAsync($"/tasks/{gate.TaskId}/cancel", null);
    }

    [Theory]
    [InlineData("/tasks?status=Sleeping")]
    [InlineData("/tasks?status=7")]
    [InlineData("/tasks?limit=0")]
    [InlineData("/tasks?limit=100000")]
    [InlineData("/tasks?cursor=not-a-cursor!")]
    [InlineData("/tasks?cursor=Zm9v")]
    public async Task Bad_query_values_are_400_problems(string url)
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.GetAsync(url);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_is_a_400_problem()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.GetAsync("/tasks?limit=many");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_user_lists_only_their_own_tasks()
    {
        using var other = host.As(ApiHost.KeyOf("other"));
        using var alice = host.As(ApiHost.AliceKey);
        var alices = await alice.SubmittedAsync(new { agent = "echo", input = "a" });
        var others = await other.SubmittedAsync(new { agent = "echo", input = "o" });
        await EventuallyListedAsync(other, "/tasks", [others.TaskId]);

        var listed = (await PageAsync(other, "/tasks?limit=200")).Items.Select(t => t.TaskId).ToList();
        Assert.DoesNotContain(alices.TaskId, listed);
    }

    private static async Task<TaskPage> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TaskPage>(Api.Json))!;
    }

    private static async Task EventuallyListedAsync(HttpClient client, string url, IReadOnlyCollection<string> ids)
    {
        var deadline = DateTime.UtcNow + Api.Patience;
        while (true)
        {
            var listed = (await PageAsync(client, url)).Items.Select(t => t.TaskId).ToHashSet();
            if (ids.All(listed.Contains))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} never listed {string.Join(", ", ids)}; it lists {string.Join(", ", listed)}.");
            await Task.Delay(20);
        }
    }
}
