using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Http.Security;

namespace OrleansAgents.Http.Errors;

/// <summary>
/// Turns every exception that escapes an endpoint into a problem document: the agent runtime's errors get their status
/// (unknown task 404, unknown agent 404, invalid request 400), anything else a 500 with a trace id and no detail (the
/// exception is logged, never sent).
/// </summary>
internal sealed partial class AgentExceptionHandler(IProblemDetailsService problems, ILogger<AgentExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
            return true;
        }

        var (status, type, title, detail) = exception switch
        {
            AgentTaskNotFoundException e => (StatusCodes.Status404NotFound, ProblemTypes.TaskNotFound, "Task not found", e.Message),
            AgentNotFoundException e => (StatusCodes.Status404NotFound, ProblemTypes.UnknownAgent, "Unknown agent", e.Message),
            ArgumentException e => (StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Bad request", e.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge, "Request body too large", "The request body is over the limit."),
            BadHttpRequestException e => (e.StatusCode, ProblemTypes.BadRequest, "Bad request", e.Message),
            _ when AgentClients.IsTransient(exception) => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Service unavailable", "The agent cluster did not answer in time; try again."),
            _ => (StatusCodes.Status500InternalServerError, ProblemTypes.ServerError, "Server error", "The server failed to handle the request; its traceId finds it in the server's log."),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            Log.Failed(logger, exception, httpContext.Request.Method, httpContext.Request.Path, Activity.Current?.Id ?? httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(7002, LogLevel.Error, "{Method} {Path} failed (trace {TraceId})")]
        public static partial void Failed(ILogger logger, Exception exception, string method, PathString path, string traceId);
    }
}
