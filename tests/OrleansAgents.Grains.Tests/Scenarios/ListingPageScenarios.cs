using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>
/// A user's listing is stored in pages (state names <c>tasks-0</c> to <c>tasks-15</c>, each task in the page its id
/// hashes to): a flush rewrites only the pages that changed, and a listing an earlier version stored whole
/// (state <c>tasks</c>) is moved into the pages.
/// </summary>
[Collection(AgentClusterCollection.Name)]
public sealed class ListingPageScenarios(AgentClusterFixture fixture)
{
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_flush_rewrites_only_the_page_of_the_task_that_changed()
    {
        var user = new AgentCaller($"pages-{Guid.NewGuid():N}");
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var task = _agents.NewTask("paged");
            await _agents.DriveAsync(task.SubmitAsync(AgentTaskRequest.For("echo", i, user.UserId)));
            await _agents.WaitAsync(task, user);
            ids.Add(task.GetPrimaryKeyString());
        }

        Assert.True(ids.Select(UserTasksGrain.PageOf).Distinct().Count() > 8, "40 tasks should spread over most of the 16 pages");
        var before = await _agents.MatchAsync(() => StoredPagesAsync(user), pages => AllStoredEnded(pages, ids), "the 40 ended tasks to be stored in the pages");

        var last = _agents.NewTask("paged");
        await _agents.DriveAsync(last.SubmitAsync(AgentTaskRequest.For("echo", 40, user.UserId)));
        await _agents.WaitAsync(last, user);
        ids.Add(last.GetPrimaryKeyString());
        var after = await _agents.MatchAsync(() => StoredPagesAsync(user), pages => AllStoredEnded(pages, ids), "the 41st task to be stored, ended");

        var changed = Enumerable.Range(0, UserTasksGrain.Pages).Where(p => before[p].ETag != after[p].ETag).ToArray();
        Assert.Equal([UserTasksGrain.PageOf(last.GetPrimaryKeyString())], changed);
        Assert.All(Enumerable.Range(0, UserTasksGrain.Pages), p => Assert.All(after[p].Tasks, id => Assert.Equal(p, UserTasksGrain.PageOf(id))));
        var listed = await _agents.Client.GetGrain<IUserTasksGrain>(user.UserId).ListAsync(100);
        Assert.Equal(41, listed.Count);
    }

    [Fact]
    public async Task A_listing_stored_whole_by_an_earlier_version_is_moved_into_the_pages()
    {
        var user = $"legacy-{Guid.NewGuid():N}";
        var grain = _agents.Client.GetGrain<IUserTasksGrain>(user);
        var at = _agents.Now;
        var legacy = Enumerable.Range(0, 3).Select(i => new AgentTaskSummary($"{user}-old-{i}", AgentTaskStatus.Succeeded, ["echo"], at.AddMinutes(i), at.AddMinutes(i)))
            .ToDictionary(s => s.TaskId, StringComparer.Ordinal);
        await Storage().WriteStateAsync("tasks", grain.GetGrainId(), new GrainState<Dictionary<string, AgentTaskSummary>>(legacy));

        var listed = await _agents.DriveAsync(grain.ListAsync(10));

        Assert.Equal([$"{user}-old-2", $"{user}-old-1", $"{user}-old-0"], listed.Select(t => t.TaskId));
        var old = new GrainState<Dictionary<string, AgentTaskSummary>>();
        await Storage().ReadStateAsync("tasks", grain.GetGrainId(), old);
        Assert.False(old.RecordExists, "the whole listing is cleared once its tasks are in the pages");
        var pages = await StoredPagesAsync(new AgentCaller(user));
        Assert.Equal(legacy.Keys.Order(StringComparer.Ordinal), pages.SelectMany(p => p.Tasks).Order(StringComparer.Ordinal));
    }

    private IGrainStorage Storage() => _agents.Primary.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name);

    private async Task<(string? ETag, IReadOnlyCollection<string> Tasks, bool AllEnded)[]> StoredPagesAsync(AgentCaller user)
    {
        var grainId = _agents.Client.GetGrain<IUserTasksGrain>(user.UserId).GetGrainId();
        var pages = new (string?, IReadOnlyCollection<string>, bool)[UserTasksGrain.Pages];
        for (var p = 0; p < pages.Length; p++)
        {
            var state = new GrainState<Dictionary<string, AgentTaskSummary>>();
            await Storage().ReadStateAsync($"tasks-{p}", grainId, state);
            var tasks = state.State ?? [];
            pages[p] = (state.ETag, tasks.Keys.ToArray(), tasks.Values.All(t => t.Status.IsTerminal()));
        }

        return pages;
    }

    private static bool AllStoredEnded((string? ETag, IReadOnlyCollection<string> Tasks, bool AllEnded)[] pages, List<string> ids) =>
        pages.Sum(p => p.Tasks.Count) == ids.Count && pages.All(p => p.AllEnded) && ids.All(id => pages.Any(p => p.Tasks.Contains(id)));
}
