using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Submit: rejected requests create nothing; duplicates return the existing task; conflicts are refused.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class SubmitScenarios(AgentClusterFixture fixture)
{
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task An_unknown_agent_is_rejected_at_submit_and_nothing_is_created()
    {
        var task = _agents.NewTask();

        var error = await Assert.ThrowsAsync<AgentNotFoundException>(() => task.SubmitAsync(AgentTaskRequest.ForRoute(["echo", "no-such-agent"], 1, "unknown-user")));

        Assert.Contains("no-such-agent", error.Message, StringComparison.Ordinal);
        Assert.Contains("doubler", error.Message, StringComparison.Ordinal);
        await AssertNothingCreatedAsync(task, "unknown-user");
    }

    [Fact]
    public async Task Malformed_input_for_a_typed_agent_is_rejected_at_submit_and_nothing_is_created()
    {
        var task = _agents.NewTask();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("doubler", "not a number", "malformed-user")));

        Assert.Contains("doubler", error.Message, StringComparison.Ordinal);
        Assert.Contains("Double", error.Message, StringComparison.Ordinal);
        await AssertNothingCreatedAsync(task, "malformed-user");
    }

    [Fact]
    public async Task Null_input_for_an_agent_that_needs_a_number_is_rejected_at_submit()
    {
        var task = _agents.NewTask();

        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("doubler", null, "null-number-user")));

        await AssertNothingCreatedAsync(task, "null-number-user");
    }

    [Fact]
    public async Task Null_or_missing_input_for_an_agent_that_needs_an_object_is_rejected_at_submit()
    {
        var task = _agents.NewTask();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("slow", null, "null-object-user")));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(new AgentTaskRequest { Route = ["slow"], UserId = "null-object-user" }));

        Assert.Contains("slow", error.Message, StringComparison.Ordinal);
        await AssertNothingCreatedAsync(task, "null-object-user");
    }

    [Fact]
    public async Task An_input_over_the_size_limit_is_rejected_at_submit_and_nothing_is_created()
    {
        var task = _agents.NewTask();
        var tooBig = new string('x', AgentClusterFixture.MaxInputBytes + 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("echo", tooBig, "big-user")));

        Assert.Contains(nameof(AgentTaskOptions.MaxInputBytes), error.Message, StringComparison.Ordinal);
        Assert.Contains(AgentClusterFixture.MaxInputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        await AssertNothingCreatedAsync(task, "big-user");
    }

    [Fact]
    public async Task A_request_without_an_owner_or_a_route_is_rejected_at_submit()
    {
        var task = _agents.NewTask();

        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("echo", 1, " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.ForRoute([], 1, "routeless-user")));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("echo", 1, "routeless-user") with { Timeout = TimeSpan.Zero }));

        await AssertNothingCreatedAsync(task, "routeless-user");
    }

    [Fact]
    public async Task A_rejected_submit_does_not_block_a_valid_submit_under_the_same_id()
    {
        var user = new AgentCaller("retry-submit-user");
        var task = _agents.NewTask();

        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("doubler", "oops", user.UserId)));
        await task.SubmitAsync(AgentTaskRequest.For("doubler", 4, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(8, done.Output!.Value.GetDouble());
    }

    [Fact]
    public async Task Submitting_the_same_request_twice_returns_the_existing_task_and_runs_it_once()
    {
        var user = new AgentCaller($"dup-user-{Guid.NewGuid():N}");
        var task = _agents.NewTask();
        var request = AgentTaskRequest.For("notebook", "only once", user.UserId);

        var first = await task.SubmitAsync(request);
        var done = await _agents.WaitAsync(task, user);
        var again = await task.SubmitAsync(request);

        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Equal(AgentTaskStatus.Succeeded, again.Status);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(again));
        Assert.Equal(1, done.Attempts);
        var memory = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{user.UserId}/notebook").ReadAsync();
        Assert.Equal(["only once"], memory.Select(e => e.Content));
    }

    [Fact]
    public async Task A_task_under_an_id_its_submitter_just_made_is_written_without_reading_its_record_first()
    {
        var user = new AgentCaller($"new-id-user-{Guid.NewGuid():N}");
        var fresh = _agents.NewTask();
        var chosen = _agents.NewTask();
        var request = AgentTaskRequest.For("doubler", 21, user.UserId);

        var created = await fresh.SubmitWithOutcomeAsync(request with { NewTaskId = true });
        var done = await _agents.WaitAsync(fresh, user);
        await chosen.SubmitAsync(request);
        await _agents.WaitAsync(chosen, user);

        Assert.True(created.Created);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(42, done.Output!.Value.GetDouble());
        Assert.Equal(0, _agents.Storage.TaskReads(fresh.GetGrainId()));
        Assert.NotEmpty(_agents.Storage.TaskWrites(fresh.GetGrainId()));
        // An id the caller chose may have a task already: its record is read before the first call, as before.
        Assert.Equal(1, _agents.Storage.TaskReads(chosen.GetGrainId()));

        // A later activation reads the record, as for any task.
        await _agents.Cluster.DeactivateAsync(fresh);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(await fresh.GetAsync(user)));
        Assert.Equal(1, _agents.Storage.TaskReads(fresh.GetGrainId()));
    }

    [Fact]
    public async Task A_new_id_claim_for_an_id_that_has_a_task_is_answered_with_the_stored_task_which_stays_as_it_was()
    {
        var user = new AgentCaller($"new-id-repeat-user-{Guid.NewGuid():N}");
        var task = _agents.NewTask();
        var request = AgentTaskRequest.For("notebook", "only once", user.UserId);
        await task.SubmitAsync(request);
        var done = await _agents.WaitAsync(task, user);
        await _agents.Cluster.DeactivateAsync(task);

        // The submitter wrongly claims the id is new: the grain writes without reading, storage refuses the insert, and the
        // grain answers with the stored task, as for any repeated submit. (The agent's inline first attempt may have started
        // and is stopped; its memory append, keyed by task, step and ordinal, is stored once either way.)
        var again = await task.SubmitWithOutcomeAsync(request with { NewTaskId = true });
        var conflicting = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("notebook", "other", user.UserId) with { NewTaskId = true }));

        Assert.False(again.Created);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(again.Task));
        Assert.Contains(task.GetPrimaryKeyString(), conflicting.Message, StringComparison.Ordinal);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(await _agents.WaitAsync(task, user)));
        var memory = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{user.UserId}/notebook").ReadAsync();
        Assert.Equal(["only once"], memory.Select(e => e.Content));
    }

    [Fact]
    public async Task Concurrent_duplicate_submits_create_one_task_that_runs_once()
    {
        var user = new AgentCaller($"dup-race-user-{Guid.NewGuid():N}");
        var task = _agents.NewTask();
        var request = AgentTaskRequest.For("notebook", "raced", user.UserId) with { RunId = "run-1" };

        var submitted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => task.SubmitAsync(request)));
        var done = await _agents.WaitAsync(task, user);

        Assert.All(submitted, s => Assert.Equal(submitted[0].CreatedAt, s.CreatedAt));
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(1, done.Attempts);
        var memory = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{user.UserId}/notebook").ReadAsync();
        Assert.Equal(["raced"], memory.Select(e => e.Content));
    }

    [Fact]
    public async Task A_different_request_under_an_existing_task_id_is_rejected_and_the_task_is_unchanged()
    {
        var user = new AgentCaller("conflict-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("doubler", 1, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        var differentInput = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("doubler", 2, user.UserId)));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("incrementer", 1, user.UserId)));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("doubler", 1, "someone-else")));

        Assert.Contains(task.GetPrimaryKeyString(), differentInput.Message, StringComparison.Ordinal);
        var after = await task.GetAsync(user);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(after));
        Assert.Equal(2, after.Output!.Value.GetDouble());
    }

    [Fact]
    public async Task A_repeated_submit_matches_only_when_every_field_of_the_request_does()
    {
        // A task compares a repeated submit with what it recorded of its request: route, input (as JSON values), owner,
        // run id, parent and timeout. A request that left the run id to the task matches the one the task was given.
        var user = new AgentCaller("fields-user");
        var task = _agents.NewTask();
        var request = AgentTaskRequest.For("echo", new { value = 1 }, user.UserId) with { Timeout = TimeSpan.FromHours(1) };
        var first = await task.SubmitAsync(request);

        var again = await task.SubmitAsync(request);
        var withItsRunId = await task.SubmitAsync(request with { RunId = first.RunId });
        Assert.Equal((first.TaskId, first.RunId, first.CreatedAt), (again.TaskId, again.RunId, again.CreatedAt));
        Assert.Equal(first.CreatedAt, withItsRunId.CreatedAt);

        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { Timeout = TimeSpan.FromHours(2) }));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { Timeout = null }));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { RunId = "another-run" }));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { ParentTaskId = "a-parent" }));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { Input = AgentTaskRequest.For("echo", new { value = 2 }, user.UserId).Input }));
        await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(request with { Route = ["echo", "echo"] }));

        var done = await _agents.WaitAsync(task, user);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(first.RunId, done.RunId);
    }

    private async Task AssertNothingCreatedAsync(IAgentTaskGrain task, string userId)
    {
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.GetAsync(AgentCaller.Admin));
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.WaitAsync(AgentCaller.Admin, TimeSpan.Zero));
        Assert.Null(await _agents.ReadRecordAsync(_agents.Primary, task));
        Assert.Empty(_agents.Storage.TaskWrites(task.GetGrainId()));
        Assert.DoesNotContain(task.GetPrimaryKeyString(), await _agents.StoredRecoveryIndexAsync(task.GetPrimaryKeyString()));
        var listed = await _agents.Client.GetGrain<IUserTasksGrain>(userId).ListAsync(100);
        Assert.DoesNotContain(listed, t => t.TaskId == task.GetPrimaryKeyString());
    }
}
