using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class TaskEndpointTests(ApiHost host)
{
    [Fact]
    public async Task Submit_answers_201_with_the_location_and_the_task_runs()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.SubmitAsync(new { agent = "echo", input = new { text = "hi" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = (await response.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Api.Json))!;
        Assert.Equal($"/tasks/{task.TaskId}", response.Headers.Location?.OriginalString);
        Assert.Equal("alice", task.UserId);
        Assert.Equal(["echo"], task.Route);
        var done = await alice.EventuallyAsync(task.TaskId, t => t.Status == AgentTaskStatus.Succeeded, "Succeeded");
        Assert.Equal("hi", done.Output!.Value.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Statuses_are_strings_and_properties_camel_case()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.SubmitAsync(new { agent = "echo", input = 1 });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(JsonValueKind.String, json.GetProperty("status").ValueKind);
        Assert.True(json.TryGetProperty("taskId", out _), json.GetRawText());
    }

    [Fact]
    public async Task A_route_runs_its_steps_in_order()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var task = await alice.SubmittedAsync(new { route = new[] { "doubler", "incrementer" }, input = 4, timeoutSeconds = 30 });

        var done = await alice.EventuallyAsync(task.TaskId, t => t.Status.IsTerminal(), "terminal");
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(9, done.Output!.Value.GetDouble());
    }

    [Fact]
    public async Task The_same_submit_again_is_200_with_the_task_and_another_request_under_the_id_is_409()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var id = "dup-" + Guid.NewGuid().ToString("N");
        var first = await alice.SubmittedAsync(new { agent = "echo", input = "same", id });

        using var again = await alice.SubmitAsync(new { agent = "echo", input = "same", id });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.CreatedAt, (await again.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Api.Json))!.CreatedAt);

        using var different = await alice.SubmitAsync(new { agent = "echo", input = "other", id });
        await different.AssertProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Conflict);

        // Another user's id is taken too: a conflict, and their task is untouched.
        using var bob = host.As(ApiHost.BobKey);
        using var bobs = await bob.SubmitAsync(new { agent = "echo", input = "same", id });
        await bobs.AssertProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal("same", (await alice.EventuallyAsync(id, t => t.Status.IsTerminal(), "terminal")).Output!.Value.GetString());
    }

    [Fact]
    public async Task Concurrent_first_submits_of_one_id_get_one_201_and_200s_for_the_rest_all_the_same_task()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var id = "race-" + Guid.NewGuid().ToString("N");

        // The grain says which submit created the task: before session 14 the endpoint read the task first, and submits
        // that all read "no task yet" were all answered 201.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.SubmitAsync(new { agent = "echo", input = "once", id })));
        try
        {
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var tasks = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Api.Json))!));
            Assert.All(tasks, t => Assert.Equal(id, t.TaskId));
            Assert.Single(tasks.Select(t => t.CreatedAt).Distinct());
            Assert.Single(tasks.Select(t => t.RunId).Distinct());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_unknown_agent_is_a_404_problem_and_creates_nothing()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var id = "unknown-" + Guid.NewGuid().ToString("N");
        using var response = await alice.SubmitAsync(new { agent = "no-such-agent", input = 1, id });

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.UnknownAgent);
        Assert.Contains("no-such-agent", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var read = await alice.GetAsync($"/tasks/{id}");
        await read.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
    }

    [Theory]
    [InlineData("{\"agent\": \"echo\", \"input\": ")]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("{\"agent\": 5}")]
    [InlineData("{\"agent\": \"echo\", \"route\": [\"echo\"]}")]
    [InlineData("{\"input\": 1}")]
    [InlineData("{\"route\": []}")]
    [InlineData("{\"agent\": \"echo\", \"surprise\": true}")]
    [InlineData("{\"agent\": \"echo\", \"id\": \"has spaces/and slashes\"}")]
    [InlineData("{\"agent\": \"echo\", \"timeoutSeconds\": -1}")]
    [InlineData("{\"agent\": \"doubler\", \"input\": \"not a number\"}")]
    [InlineData("")]
    public async Task Bad_input_is_a_400_problem(string body)
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.PostAsync("/tasks", Api.JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_whether_its_length_is_declared_or_not()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var big = "{\"agent\":\"echo\",\"input\":\"" + new string('x', 1024 * 1024) + "\"}";

        using var declared = await alice.PostAsync("/tasks", Api.JsonBody(big));
        await declared.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.TooLarge);

        using var chunked = await alice.PostAsync("/tasks", new ChunkedContent(big));
        await chunked.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.TooLarge);
    }

    [Fact]
    public async Task Another_users_task_is_404_to_read_and_to_cancel()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var bob = host.As(ApiHost.BobKey);
        var task = await alice.SubmittedAsync(new { agent = "echo", input = "mine" });

        using var read = await bob.GetAsync($"/tasks/{task.TaskId}");
        await read.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
        using var cancel = await bob.PostAsync($"/tasks/{task.TaskId}/cancel", null);
        await cancel.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
        Assert.Equal("mine", (await alice.EventuallyAsync(task.TaskId, t => t.Status.IsTerminal(), "terminal")).Output!.Value.GetString());
    }

    [Fact]
    public async Task Cancel_answers_the_task_as_it_ended()
    {
        using var user = host.As(ApiHost.KeyOf("cancel"));
        var task = await user.SubmittedAsync(new { agent = "gate", input = "never-" + Guid.NewGuid().ToString("N") });
        await user.EventuallyAsync(task.TaskId, t => t.Status == AgentTaskStatus.Running, "Running");

        using var response = await user.PostAsync($"/tasks/{task.TaskId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AgentTaskStatus.Cancelled, (await response.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Api.Json))!.Status);
    }

    [Fact]
    public async Task An_unknown_task_is_a_404_problem()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.GetAsync("/tasks/never-submitted");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
    }

    private sealed class ChunkedContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
