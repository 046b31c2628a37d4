using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Cli.Backends;

/// <summary>
/// The agent-task API over an HTTP gateway (the routes of the HTTP API: <c>/tasks</c>, <c>/agents</c>, <c>/topics</c>),
/// authenticated by an API key; task events and topic messages are read as Server-Sent Events.
/// </summary>
internal sealed class HttpBackend : IAgentBackend
{
    /// <summary>How often a dropped event stream is resumed (with <c>Last-Event-ID</c>) before the watch gives up.</summary>
    private const int MaxResumes = 5;
    private static readonly JsonSerializerOptions Json = WireJsonOptions.Default;
    private readonly HttpClient _http;
    private readonly ConnectionSettings _settings;

    public HttpBackend(ConnectionSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = settings.ConnectTimeout })
        {
            BaseAddress = settings.Url,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.ApiKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public Task<AgentTaskSnapshot> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?> { ["input"] = request.Input };
        if (request.Route.Count == 1)
        {
            body["agent"] = request.Route[0];
        }
        else
        {
            body["route"] = request.Route;
        }

        if (request.TaskId is { } id)
        {
            body["id"] = id;
        }

        if (request.Timeout is { } timeout)
        {
            body["timeoutSeconds"] = timeout.TotalSeconds;
        }

        return SendAsync<AgentTaskSnapshot>(HttpMethod.Post, "tasks", JsonContent.Create(body, options: Json), cancellationToken);
    }

    public Task<AgentTaskSnapshot> GetAsync(string taskId, CancellationToken cancellationToken) =>
        SendAsync<AgentTaskSnapshot>(HttpMethod.Get, $"tasks/{Uri.EscapeDataString(taskId)}", null, cancellationToken);

    public Task<AgentTaskSnapshot> CancelAsync(string taskId, CancellationToken cancellationToken) =>
        SendAsync<AgentTaskSnapshot>(HttpMethod.Post, $"tasks/{Uri.EscapeDataString(taskId)}/cancel", null, cancellationToken);

    public async Task<IReadOnlyList<AgentTaskSummary>> ListAsync(AgentTaskStatus? status, string? agent, int limit, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"limit={limit}" };
        if (status is { } s)
        {
            query.Add($"status={s}");
        }

        if (agent is not null)
        {
            query.Add($"agent={Uri.EscapeDataString(agent)}");
        }

        var page = await SendAsync<TaskPage>(HttpMethod.Get, "tasks?" + string.Join('&', query), null, cancellationToken).ConfigureAwait(false);
        return page.Items;
    }

    public async IAsyncEnumerable<TaskUpdate> WatchAsync(string taskId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastEventId = afterSequence > 0 ? afterSequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        for (var resumes = 0; ; resumes++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"tasks/{Uri.EscapeDataString(taskId)}/events");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var items = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (items.ConfigureAwait(false))
                {
                    while (true)
                    {
                        AgentTaskEvent? next;
                        try
                        {
                            if (!await items.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            if (items.Current.EventType != "task")
                            {
                                continue;
                            }

                            next = JsonSerializer.Deserialize<AgentTaskEvent>(items.Current.Data, Json);
                            lastEventId = items.Current.EventId ?? lastEventId;
                        }
                        catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                        {
                            break; // the connection dropped: resume after the last event
                        }

                        if (next is null)
                        {
                            continue;
                        }

                        yield return TaskUpdate.From(next);
                        if (next.Status.IsTerminal())
                        {
                            yield break;
                        }
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (resumes >= MaxResumes)
            {
                throw new CliException(CliExitCode.Unavailable, $"The event stream of task {taskId} from {_settings.Describe()} kept closing before the task ended.");
            }
        }
    }

    public async Task<IReadOnlyList<AgentDescriptor>> ListAgentsAsync(CancellationToken cancellationToken) =>
        await SendAsync<List<AgentDescriptor>>(HttpMethod.Get, "agents", null, cancellationToken).ConfigureAwait(false);

    public async Task PublishAsync(string topic, JsonElement payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"topics/{Uri.EscapeDataString(topic)}") { Content = JsonContent.Create(payload, options: Json) };
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<TopicMessage> SubscribeAsync(IReadOnlyList<string> topics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "topics/events?" + string.Join('&', topics.Select(t => "topic=" + Uri.EscapeDataString(t))));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.EventType == "message" && JsonSerializer.Deserialize<TopicMessage>(item.Data, Json) is { } message)
                {
                    yield return message;
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException(CliExitCode.Error, $"{method} /{path} answered with an empty body.");
    }

    /// <summary>Sends the request (headers only read); a failure status becomes a <see cref="CliException"/> with the problem's detail.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException(CliExitCode.Unavailable, $"Cannot reach {_settings.Describe()}: {exception.Message}", exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var problem = await Problem(response, cancellationToken).ConfigureAwait(false);
            var message = $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {problem}";
            throw new CliException(
                response.StatusCode switch
                {
                    HttpStatusCode.NotFound => CliExitCode.NotFound,
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CliExitCode.Unauthorized,
                    HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity => CliExitCode.Usage,
                    HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => CliExitCode.Unavailable,
                    _ => CliExitCode.Error,
                },
                message);
        }
    }

    /// <summary>The problem details' detail (or title), else the reason phrase.</summary>
    private static async Task<string> Problem(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            foreach (var name in (string[])["detail", "title"])
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document.
        }

        return response.ReasonPhrase ?? string.Empty;
    }

    /// <summary>A page of <c>GET /tasks</c>.</summary>
    private sealed record TaskPage(List<AgentTaskSummary> Items, string? NextCursor);
}
