using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OrleansAgents.Http.Sse;

/// <summary>
/// A <c>text/event-stream</c> response: events (<c>id:</c>, <c>event:</c>, one <c>data:</c> line of JSON) written and
/// flushed one by one, and a <c>: keep-alive</c> comment whenever the stream has been quiet for the keep-alive interval
/// (measured on the injected <see cref="TimeProvider"/>, so tests drive it). Written by hand rather than with
/// <c>TypedResults.ServerSentEvents</c>, which cannot send comments.
/// </summary>
/// <remarks>
/// An event costs no timer: the JSON is serialized straight into the response's pipe, and one timer per stream checks
/// for quiet (it fires once per keep-alive interval, and writes a comment only if nothing was written for that long).
/// Writes are serialized by a lock, since the timer's comment and an event can be due at once.
/// </remarks>
internal sealed class ServerSentEventStream(HttpResponse response, TimeProvider time, TimeSpan keepAlive)
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    private readonly SemaphoreSlim _writing = new(1, 1);
    private Utf8JsonWriter? _json;
    private ITimer? _keepAliveTimer;
    private CancellationToken _aborted;
    private long _lastWrite;
    private bool _closed;

    /// <summary>Sends the headers: from here on the response is the stream.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        _lastWrite = time.GetTimestamp();
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes every item of <paramref name="items"/> with <paramref name="write"/> (which returns <c>false</c> after the
    /// last one to send), with keep-alive comments while the source is quiet; returns when the source ends, when
    /// <paramref name="write"/> says so, or when <paramref name="cancellationToken"/> (the client leaving) fires.
    /// </summary>
    public async Task PumpAsync<T>(IAsyncEnumerable<T> items, Func<T, Task<bool>> write, CancellationToken cancellationToken)
    {
        _aborted = cancellationToken;
        _keepAliveTimer = time.CreateTimer(static state => _ = ((ServerSentEventStream)state!).KeepAliveAsync(), this, keepAlive, Timeout.InfiniteTimeSpan);
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!await write(item).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            // A keep-alive being written finishes before the response ends, and none starts (or re-arms the timer) after.
            await _writing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            _closed = true;
            _writing.Release();
            await _keepAliveTimer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The keep-alive timer fired: a comment if nothing was written for the interval, else a check when it will have been.</summary>
    private async Task KeepAliveAsync()
    {
        await _writing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            var quiet = time.GetElapsedTime(_lastWrite);
            if (quiet < keepAlive)
            {
                _keepAliveTimer!.Change(keepAlive - quiet, Timeout.InfiniteTimeSpan);
                return;
            }

            var pipe = response.BodyWriter;
            pipe.Write(KeepAlive);
            await pipe.FlushAsync(_aborted).ConfigureAwait(false);
            _lastWrite = time.GetTimestamp();
            _keepAliveTimer!.Change(keepAlive, Timeout.InfiniteTimeSpan);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client left: the pump ends through its token.
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Writes one event (its data serialized as one line of JSON) and flushes it.</summary>
    public async Task WriteEventAsync<T>(long? id, string name, T data, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var pipe = response.BodyWriter;
            if (id is { } sequence)
            {
                pipe.Write("id: "u8);
                var span = pipe.GetSpan(20);
                sequence.TryFormat(span, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                pipe.Advance(written);
                pipe.Write("\n"u8);
            }

            pipe.Write("event: "u8);
            Encoding.UTF8.GetBytes(name, pipe);
            pipe.Write("\ndata: "u8);

            // One line: the writer never indents, whatever the serializer options say.
            if (_json is null)
            {
                _json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = options.Encoder, Indented = false, SkipValidation = true });
            }
            else
            {
                _json.Reset(pipe);
            }

            JsonSerializer.Serialize(_json, data, options);
            _json.Flush();
            pipe.Write("\n\n"u8);
            await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            _lastWrite = time.GetTimestamp();
        }
        finally
        {
            _writing.Release();
        }
    }
}
