using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests.Processes;

/// <summary>Reads a task's event stream over real HTTP, remembering what it saw.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly SseReader _reader;

    private SseClient(HttpResponseMessage response, SseReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public List<AgentTaskEvent> Seen { get; } = [];

    /// <summary>How the stream ended, if it did: for assertion messages.</summary>
    public string Ending { get; private set; } = "open";

    public static async Task<SseClient> OpenAsync(HttpClient client, string taskId, long? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/tasks/{taskId}/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseClient(response, new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    /// <summary>Reads events until one matches <paramref name="until"/>; <c>false</c> if the stream ended or broke first.</summary>
    public async Task<bool> ReadUntilAsync(Func<AgentTaskEvent, bool> until, CancellationToken cancellationToken)
    {
        while (true)
        {
            SseEvent? next;
            try
            {
                next = await _reader.NextAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                Ending = $"broken: {exception.GetType().Name}: {exception.Message}";
                return false;
            }

            if (next is null)
            {
                Ending = "ended";
                return false;
            }

            if (next.Event is null)
            {
                continue;
            }

            var change = JsonSerializer.Deserialize<AgentTaskEvent>(next.Data, Api.Json)!;
            Seen.Add(change);
            if (until(change))
            {
                return true;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
