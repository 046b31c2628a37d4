namespace OrleansAgents.Http.Errors;

/// <summary>The <c>type</c> URIs of the API's problem documents (RFC 7807), for clients that branch on them.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:orleansagents:problem:";

    /// <summary>The task (or a task of another user) does not exist: 404.</summary>
    public const string TaskNotFound = Prefix + "task-not-found";

    /// <summary>The request names an agent that is not registered: 404.</summary>
    public const string UnknownAgent = Prefix + "unknown-agent";

    /// <summary>The request is malformed or invalid (JSON, fields, query, header): 400.</summary>
    public const string BadRequest = Prefix + "bad-request";

    /// <summary>A task exists under the id with a different request: 409.</summary>
    public const string Conflict = Prefix + "conflict";

    /// <summary>The request body is over the limit: 413.</summary>
    public const string TooLarge = Prefix + "request-too-large";

    /// <summary>The user made too many requests: 429, with <c>Retry-After</c>.</summary>
    public const string RateLimited = Prefix + "rate-limited";

    /// <summary>The server failed; the problem's <c>traceId</c> finds it in the logs: 500.</summary>
    public const string ServerError = Prefix + "server-error";

    /// <summary>The cluster could not be reached in time: 503.</summary>
    public const string Unavailable = Prefix + "unavailable";
}
