using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Security;
using OrleansAgents.Http.Sse;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Http.Topics;

/// <summary><c>POST /topics/{topic}</c> publishes any JSON; <c>GET /topics/events?topic=...</c> follows topics and patterns over SSE.</summary>
internal static class TopicEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/topics/{topic}", PublishAsync)
            .WithName("Publish")
            .WithSummary("Publishes the body (any JSON) on a topic.")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/topics/events", SubscribeAsync)
            .WithName("SubscribeTopics")
            .WithSummary("Streams the messages of topics and patterns (topic=a.b&topic=news.*) as Server-Sent Events named 'message'.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> PublishAsync(string topic, HttpContext context, AgentClients clients, IOptions<AgentHttpOptions> options)
    {
        if (!TopicPattern.IsValidTopic(topic))
        {
            return Problems.BadRequest($"'{topic}' is not a topic name: dot-separated segments of letters, digits, '-' and '_', no wildcards.");
        }

        var (document, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            await clients.For(context.User).PublishAsync(topic, document!.RootElement).ConfigureAwait(false);
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> SubscribeAsync(HttpContext context, AgentClients clients, SseResponses sse, IOptions<JsonOptions> json, string[]? topic)
    {
        var topics = topic ?? [];
        if (topics.Length == 0)
        {
            return Problems.BadRequest("Name at least one topic or pattern: /topics/events?topic=a.b&topic=news.*");
        }

        if (topics.FirstOrDefault(t => !TopicPattern.IsValidPattern(t)) is { } invalid)
        {
            return Problems.BadRequest($"'{invalid}' is not a topic or pattern (dot-separated segments; '*' within a segment, '**' for any number of segments).");
        }

        var aborted = context.RequestAborted;
        var messages = clients.For(context.User).SubscribeAsync(topics, aborted);
        var stream = sse.Open(context.Response);
        await stream.StartAsync(aborted).ConfigureAwait(false);
        try
        {
            await stream.PumpAsync(
                messages,
                async message =>
                {
                    await stream.WriteEventAsync(null, "message", new TopicEvent(message.Topic, message.Payload), json.Value.SerializerOptions, aborted).ConfigureAwait(false);
                    return true;
                },
                aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left: the subscription ends with the enumeration.
        }

        return Results.Empty;
    }

    private sealed record TopicEvent(string Topic, JsonElement Payload);
}
