using System.Net;
using System.Text.Json;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class AgentAndTopicEndpointTests(ApiHost host)
{
    [Fact]
    public async Task Agents_are_listed_with_their_input_schemas()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var agents = JsonDocument.Parse(await alice.GetStringAsync("/agents")).RootElement.EnumerateArray().ToList();

        var doubler = agents.Single(a => a.GetProperty("name").GetString() == "doubler");
        Assert.Equal("Doubles a number.", doubler.GetProperty("description").GetString());
        Assert.Equal("number", doubler.GetProperty("inputSchema").GetProperty("type").GetString());
        Assert.Contains(agents, a => a.GetProperty("name").GetString() == "gate");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var document = JsonDocument.Parse(await alice.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/tasks", "/tasks/{id}", "/tasks/{id}/cancel", "/tasks/{id}/events", "/agents", "/topics/{topic}", "/topics/events" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The document has no {path}: {paths.GetRawText()}");
        }
    }

    [Fact]
    public async Task A_published_message_reaches_a_topic_subscriber_over_SSE()
    {
        using var user = host.As(ApiHost.KeyOf("topics"));
        using var cancel = new CancellationTokenSource(Api.Patience);
        using var response = await user.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/topics/events?topic=news.*&topic=alerts"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new SseReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        // The subscription is made as the stream starts, a moment after the headers: publish until a message arrives.
        var reading = events.NextAsync(cancel.Token);
        while (!reading.IsCompleted)
        {
            using (var published = await user.PostAsync("/topics/news.http", Api.JsonBody("{\"headline\":\"hello\"}")))
            {
                Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
            }

            await Task.WhenAny(reading, Task.Delay(100, cancel.Token));
        }

        var message = (await reading)!;
        Assert.Equal("message", message.Event);
        var data = JsonDocument.Parse(message.Data).RootElement;
        Assert.Equal("news.http", data.GetProperty("topic").GetString());
        Assert.Equal("hello", data.GetProperty("payload").GetProperty("headline").GetString());
    }

    [Fact]
    public async Task A_keep_alive_comes_after_15_seconds_of_quiet_counted_from_the_last_event_not_from_the_start()
    {
        using var user = host.As(ApiHost.KeyOf("quiet-topic"));
        using var cancel = new CancellationTokenSource(Api.Patience);
        var topic = "quiet." + Guid.NewGuid().ToString("N");
        using var response = await user.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/topics/events?topic={topic}"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var events = new SseReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        // 10 s into the stream (the API's clock), a message: the stream has been quiet for 10 s, not 15.
        host.Time.Advance(TimeSpan.FromSeconds(10));
        var reading = events.NextAsync(cancel.Token);
        while (!reading.IsCompleted)
        {
            using (await user.PostAsync($"/topics/{topic}", Api.JsonBody("{\"n\":1}")))
            {
            }

            await Task.WhenAny(reading, Task.Delay(100, cancel.Token));
        }

        Assert.Equal("message", (await reading)!.Event);

        // 15 s after the start but 5 s after the message: no keep-alive. A comment written now would come before the
        // marker published next (the API writes them in order on one response).
        host.Time.Advance(TimeSpan.FromSeconds(5));
        using (await user.PostAsync($"/topics/{topic}", Api.JsonBody("{\"marker\":true}")))
        {
        }

        while (true)
        {
            var next = (await events.NextAsync(cancel.Token))!;
            Assert.Empty(next.Comments);
            if (next.Data.Contains("marker", StringComparison.Ordinal))
            {
                break;
            }
        }

        // 15 s after the marker: the keep-alive.
        var keepAlive = events.NextAsync(cancel.Token);
        while (!keepAlive.IsCompleted)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(keepAlive, Task.Delay(50, cancel.Token));
        }

        Assert.Equal(["keep-alive"], (await keepAlive)!.Comments);
    }

    [Theory]
    [InlineData("/topics/events")]
    [InlineData("/topics/events?topic=a..b")]
    [InlineData("/topics/events?topic=a.**b")]
    public async Task A_bad_subscription_is_a_400_problem(string url)
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.GetAsync(url);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Theory]
    [InlineData("/topics/news.*", "{}")]
    [InlineData("/topics/a..b", "{}")]
    [InlineData("/topics/news", "{not json")]
    public async Task A_bad_publish_is_a_400_problem(string url, string body)
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.PostAsync(url, Api.JsonBody(body));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }
}
