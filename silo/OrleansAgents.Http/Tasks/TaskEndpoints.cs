using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Security;

namespace OrleansAgents.Http.Tasks;

/// <summary><c>/tasks</c>: submit (idempotent on a client id), read, cancel and list the caller's tasks.</summary>
internal static partial class TaskEndpoints
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/tasks", SubmitAsync)
            .WithName("SubmitTask")
            .WithSummary("Submits a task: 201 with Location, or 200 for a repeat of the same request under the same id.")
            .Accepts<SubmitTaskBody>("application/json")
            .Produces<AgentTaskSnapshot>(StatusCodes.Status201Created)
            .Produces<AgentTaskSnapshot>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/tasks/{id}", GetAsync)
            .WithName("GetTask")
            .WithSummary("Reads one of the caller's tasks.")
            .Produces<AgentTaskSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/tasks/{id}/cancel", CancelAsync)
            .WithName("CancelTask")
            .WithSummary("Cancels one of the caller's tasks and returns it as it ended.")
            .Produces<AgentTaskSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tasks", ListAsync)
            .WithName("ListTasks")
            .WithSummary("Lists the caller's tasks, newest first, a page at a time; filters by status and agent.")
            .Produces<TaskPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, AgentClients clients, IOptions<AgentHttpOptions> options, IOptions<JsonOptions> json)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        SubmitTaskBody? body;
        using (document)
        {
            try
            {
                body = document!.Deserialize<SubmitTaskBody>(json.Value.SerializerOptions);
            }
            catch (JsonException exception)
            {
                return Problems.BadRequest($"The body is not a task request: {exception.Message}");
            }

            if (body is null)
            {
                return Problems.BadRequest("The body is not a task request: it is JSON null.");
            }

            if (Invalid(body) is { } invalid)
            {
                return Problems.BadRequest(invalid);
            }

            // The input must outlive the document it was parsed from.
            body = body with { Input = body.Input?.Clone() };
        }

        var client = clients.For(context.User);
        IReadOnlyList<string> route = body.Route ?? [body.Agent!];
        TimeSpan? timeout = body.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        object? input = body.Input;
        if (body.Id is not { } id)
        {
            var created = await client.SubmitRouteAsync(route, input, taskId: null, timeout).ConfigureAwait(false);
            return Created(created);
        }

        // A repeat of a submit is answered 200, a first one 201: the grain says which this submit was (since session 14; until
        // then the endpoint read the task first, a second grain call, and two concurrent first submits could both get 201).
        AgentTaskSubmission submission;
        try
        {
            submission = await client.SubmitRouteWithOutcomeAsync(route, input, id, timeout).ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (exception is not AgentNotFoundException)
        {
            // The grain checks an existing task's request before anything else: an ArgumentException for an id that has a
            // task (this caller's or another user's) is a conflict; for one that has none, the request itself is invalid.
            if (await clients.ExistsForAnyoneAsync(id).ConfigureAwait(false))
            {
                return Problems.Conflict($"Task '{id}' already exists with a different request; submit under a new task id.");
            }

            throw;
        }

        return submission.Created ? Created(submission.Task) : TypedResults.Ok(submission.Task);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, AgentClients clients) =>
        TypedResults.Ok(await clients.For(context.User).GetAsync(id).ConfigureAwait(false));

    private static async Task<IResult> CancelAsync(string id, HttpContext context, AgentClients clients) =>
        TypedResults.Ok(await clients.For(context.User).CancelAsync(id).ConfigureAwait(false));

    private static async Task<IResult> ListAsync(HttpContext context, AgentClients clients, IOptions<AgentHttpOptions> options, string? status, string? agent, int? limit, string? cursor)
    {
        AgentTaskStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AgentTaskStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problems.BadRequest($"Unknown status '{status}'; one of {string.Join(", ", Enum.GetNames<AgentTaskStatus>())}.");
            }

            wanted = parsed;
        }

        var max = options.Value.MaxPageSize;
        var size = limit ?? Math.Min(50, max);
        if (size < 1 || size > max)
        {
            return Problems.BadRequest($"The limit must be between 1 and {max} (was {size}).");
        }

        TaskCursor? after = null;
        if (cursor is not null)
        {
            if (!TaskCursor.TryParse(cursor, out var parsed))
            {
                return Problems.BadRequest("The cursor is not one this API handed out (pass nextCursor from the previous page as it is).");
            }

            after = parsed;
        }

        var all = await clients.For(context.User).ListAsync(int.MaxValue).ConfigureAwait(false);
        var matching = all
            .Where(t => after is not { } position || position.Precedes(t))
            .Where(t => wanted is null || t.Status == wanted)
            .Where(t => agent is null || t.Route.Contains(agent, StringComparer.Ordinal))
            .Take(size + 1)
            .ToList();
        var more = matching.Count > size;
        var page = matching.Take(size).ToList();
        return TypedResults.Ok(new TaskPage(page, more ? TaskCursor.After(page[^1]).ToString() : null));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Created<AgentTaskSnapshot> Created(AgentTaskSnapshot task) =>
        TypedResults.Created($"/tasks/{Uri.EscapeDataString(task.TaskId)}", task);

    /// <summary>What is wrong with a request before it reaches the cluster, or <c>null</c>.</summary>
    private static string? Invalid(SubmitTaskBody body)
    {
        if ((body.Agent is null) == (body.Route is null))
        {
            return "Give either 'agent' (one agent) or 'route' (agents in order), not both and not neither.";
        }

        if (body.Agent is { } agent && string.IsNullOrWhiteSpace(agent))
        {
            return "'agent' is empty.";
        }

        if (body.Route is { } route && (route.Count == 0 || route.Any(string.IsNullOrWhiteSpace)))
        {
            return "'route' needs at least one agent name, and no empty ones.";
        }

        if (body.Id is { } id && !IdPattern().IsMatch(id))
        {
            return $"'id' must be 1-128 characters of letters, digits and . _ : - (starting with a letter or digit); was '{id}'.";
        }

        if (body.TimeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTimeout.TotalSeconds))
        {
            return $"'timeoutSeconds' must be positive and at most {MaxTimeout.TotalSeconds} (was {seconds}).";
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
