using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class TaskEventStreamTests(ApiHost host)
{
    [Fact]
    public async Task Events_replay_then_follow_live_and_the_stream_ends_after_the_terminal_event()
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        var gate = "live-" + Guid.NewGuid().ToString("N");
        var task = await user.SubmittedAsync(new { agent = "gate", input = gate });
        await user.EventuallyAsync(task.TaskId, t => t.Progress.Message == "waiting at the gate", "waiting at the gate");

        using var cancel = new CancellationTokenSource(Api.Patience);
        using var response = await OpenAsync(user, $"/tasks/{task.TaskId}/events", null, cancel.Token);
        var stream = new SseReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var replayed = await ReadUntilAsync(stream, e => e.Progress.Message == "waiting at the gate", cancel.Token);

        GateAgent.Open(gate);
        var live = await ReadUntilAsync(stream, e => e.Status.IsTerminal(), cancel.Token);

        var all = replayed.Concat(live).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(AgentTaskStatus.Pending, all[0].Status);
        Assert.Equal(AgentTaskStatus.Succeeded, all[^1].Status);
        Assert.Equal(gate, all[^1].Output!.Value.GetProperty("gate").GetString());
        Assert.Null(await stream.NextAsync(cancel.Token));
    }

    [Fact]
    public async Task A_client_that_disconnects_resumes_with_Last_Event_ID_without_a_duplicate_or_a_gap()
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        var gate = "resume-" + Guid.NewGuid().ToString("N");
        var task = await user.SubmittedAsync(new { agent = "gate", input = gate });
        using var cancel = new CancellationTokenSource(Api.Patience);

        List<AgentTaskEvent> before;
        using (var first = await OpenAsync(user, $"/tasks/{task.TaskId}/events", null, cancel.Token))
        {
            var stream = new SseReader(await first.Content.ReadAsStreamAsync(cancel.Token));
            before = await ReadUntilAsync(stream, e => e.Progress.Message == "waiting at the gate", cancel.Token);
        }

        // Disconnected: the task moves on and ends meanwhile.
        GateAgent.Open(gate);
        await user.EventuallyAsync(task.TaskId, t => t.Status.IsTerminal(), "terminal");

        using var second = await OpenAsync(user, $"/tasks/{task.TaskId}/events", before[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), cancel.Token);
        var resumed = new SseReader(await second.Content.ReadAsStreamAsync(cancel.Token));
        var after = await ReadUntilAsync(resumed, e => e.Status.IsTerminal(), cancel.Token);
        Assert.Null(await resumed.NextAsync(cancel.Token));

        var all = before.Concat(after).Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all);
        Assert.Equal(AgentTaskStatus.Succeeded, after[^1].Status);
    }

    [Fact]
    public async Task The_after_query_parameter_resumes_like_Last_Event_ID()
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        var task = await user.SubmittedAsync(new { agent = "echo", input = "x" });
        var done = await user.EventuallyAsync(task.TaskId, t => t.Status.IsTerminal(), "terminal");
        using var cancel = new CancellationTokenSource(Api.Patience);

        using var response = await OpenAsync(user, $"/tasks/{task.TaskId}/events?after={done.Sequence - 1}", null, cancel.Token);
        var stream = new SseReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = await ReadUntilAsync(stream, e => e.Status.IsTerminal(), cancel.Token);

        Assert.Equal([done.Sequence], events.Select(e => e.Sequence));
        Assert.Null(await stream.NextAsync(cancel.Token));
    }

    [Fact]
    public async Task A_quiet_stream_sends_a_keep_alive_comment_every_15_seconds_of_the_APIs_clock()
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        var gate = "quiet-" + Guid.NewGuid().ToString("N");
        var task = await user.SubmittedAsync(new { agent = "gate", input = gate });
        using var cancel = new CancellationTokenSource(Api.Patience);
        using var response = await OpenAsync(user, $"/tasks/{task.TaskId}/events", null, cancel.Token);
        var stream = new SseReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        await ReadUntilAsync(stream, e => e.Progress.Message == "waiting at the gate", cancel.Token);

        var next = stream.NextAsync(cancel.Token);
        host.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(next.IsCompleted, "A keep-alive came before 15 s.");
        while (!next.IsCompleted)
        {
            // The stream arms its keep-alive timer when it starts waiting: move the API's clock until it fires.
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(next, Task.Delay(50, cancel.Token));
        }

        var keepAlive = (await next)!;
        Assert.Equal(["keep-alive"], keepAlive.Comments);
        Assert.Null(keepAlive.Event);
        GateAgent.Open(gate);
        Assert.Equal(AgentTaskStatus.Succeeded, (await ReadUntilAsync(stream, e => e.Status.IsTerminal(), cancel.Token))[^1].Status);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("999")]
    public async Task A_bad_Last_Event_ID_is_a_400_problem(string lastEventId)
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        var task = await user.SubmittedAsync(new { agent = "echo", input = "x" });
        await user.EventuallyAsync(task.TaskId, t => t.Status.IsTerminal(), "terminal");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tasks/{task.TaskId}/events");
        request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await user.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Fact]
    public async Task A_negative_after_is_a_400_problem()
    {
        using var user = host.As(ApiHost.KeyOf("sse"));
        using var response = await user.GetAsync("/tasks/anything/events?after=-3");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Fact]
    public async Task Another_users_or_an_unknown_tasks_events_are_404()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var bob = host.As(ApiHost.BobKey);
        var task = await alice.SubmittedAsync(new { agent = "echo", input = "mine" });

        using var foreign = await bob.GetAsync($"/tasks/{task.TaskId}/events");
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
        using var unknown = await alice.GetAsync("/tasks/never-submitted/events");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.TaskNotFound);
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string url, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    /// <summary>Reads task events (checking each event's id is its sequence) up to and including the first that matches.</summary>
    private static async Task<List<AgentTaskEvent>> ReadUntilAsync(SseReader stream, Func<AgentTaskEvent, bool> last, CancellationToken cancellationToken)
    {
        var events = new List<AgentTaskEvent>();
        while (true)
        {
            var next = await stream.NextAsync(cancellationToken);
            Assert.True(next is not null, $"The stream ended after {string.Join(", ", events.Select(e => $"{e.Sequence}:{e.Status}"))} before the expected event.");
            if (next.Event is null)
            {
                continue;
            }

            Assert.Equal("task", next.Event);
            var change = JsonSerializer.Deserialize<AgentTaskEvent>(next.Data, Api.Json)!;
            Assert.Equal(next.Id, change.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            events.Add(change);
            if (last(change))
            {
                return events;
            }
        }
    }
}
