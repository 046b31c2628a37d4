using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace OrleansAgents.Http.Sse;

/// <summary>
/// A <c>text/event-stream</c> response: events (<c>id:</c>, <c>event:</c>, one <c>data:</c> line of JSON) written and
/// flushed one by one, and a <c>: keep-alive</c> comment whenever the stream has been quiet for the keep-alive interval
/// (measured on the injected <see cref="TimeProvider"/>, so tests drive it). Written by hand rather than with
/// <c>TypedResults.ServerSentEvents</c>, which cannot send comments.
/// </summary>
internal sealed class ServerSentEventStream(HttpResponse response, TimeProvider time, TimeSpan keepAlive)
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Sends the headers: from here on the response is the stream.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes every item of <paramref name="items"/> with <paramref name="write"/> (which returns <c>false</c> after the
    /// last one to send), with keep-alive comments while the source is quiet; returns when the source ends, when
    /// <paramref name="write"/> says so, or when <paramref name="cancellationToken"/> (the client leaving) fires.
    /// </summary>
    public async Task PumpAsync<T>(IAsyncEnumerable<T> items, Func<T, Task<bool>> write, CancellationToken cancellationToken)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        var next = enumerator.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var keepAliveDue = Task.Delay(keepAlive, time, quiet.Token);
                    if (await Task.WhenAny(next, keepAliveDue).ConfigureAwait(false) != next)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await WriteAsync(KeepAlive, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    await quiet.CancelAsync().ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false) || !await write(enumerator.Current).ConfigureAwait(false))
                {
                    return;
                }

                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is pending: let it end (the token ends it) first.
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes one event and flushes it.</summary>
    public Task WriteEventAsync(string? id, string name, ReadOnlySpan<byte> json, CancellationToken cancellationToken)
    {
        var message = new StringBuilder();
        if (id is not null)
        {
            message.Append("id: ").Append(id).Append('\n');
        }

        message.Append("event: ").Append(name).Append("\ndata: ").Append(Encoding.UTF8.GetString(json)).Append("\n\n");
        return WriteAsync(Encoding.UTF8.GetBytes(message.ToString()), cancellationToken);
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
