using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Security;
using OrleansAgents.Http.Sse;

namespace OrleansAgents.Http.Tasks;

/// <summary>
/// <c>GET /tasks/{id}/events</c>: the task's persisted events as Server-Sent Events (<c>id:</c> = sequence number,
/// <c>event: task</c>), replayed from the start or after <c>Last-Event-ID</c> / <c>?after=</c>, then live until the
/// terminal event, after which the response ends. Resuming after the last id seen misses nothing and repeats nothing,
/// whichever front door or silo serves the next connection: the events are read from the task's stored history.
/// </summary>
internal static class TaskEventEndpoints
{
    private const string LastEventIdHeader = "Last-Event-ID";

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/tasks/{id}/events", WatchAsync)
            .WithName("WatchTask")
            .WithSummary("Streams the task's events (replay, then live) as Server-Sent Events named 'task'; resumes after Last-Event-ID or ?after=.")
            .Produces<AgentTaskEvent>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> WatchAsync(string id, long? after, HttpContext context, AgentClients clients, SseResponses sse, IOptions<JsonOptions> json)
    {
        long from;
        if (context.Request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } lastEventId)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            {
                return Problems.BadRequest($"Last-Event-ID '{lastEventId}' is not an event id of this stream (a sequence number: 0 or more).");
            }
        }
        else if (after is { } requested)
        {
            if (requested < 0)
            {
                return Problems.BadRequest($"'after' must be 0 or more (was {requested}).");
            }

            from = requested;
        }
        else
        {
            from = 0;
        }

        var client = clients.For(context.User);

        // Answer 404 (and a resume point past the task's last event, 400) before the stream starts: after the headers
        // only events can be sent.
        var task = await AgentClients.GetRidingOutAsync(client, id, context.RequestAborted).ConfigureAwait(false);
        if (from > task.Sequence)
        {
            return Problems.BadRequest($"Event {from} is after the task's last event ({task.Sequence}): it is not an id this stream sent.");
        }

        var aborted = context.RequestAborted;
        var stream = sse.Open(context.Response);
        await stream.StartAsync(aborted).ConfigureAwait(false);
        try
        {
            await stream.PumpAsync(
                client.WatchEventsAsync(id, from, aborted),
                async change =>
                {
                    await stream.WriteEventAsync(change.Sequence, "task", change, json.Value.SerializerOptions, aborted).ConfigureAwait(false);
                    return !change.Status.IsTerminal();
                },
                aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; it resumes with Last-Event-ID.
        }

        return Results.Empty;
    }
}
