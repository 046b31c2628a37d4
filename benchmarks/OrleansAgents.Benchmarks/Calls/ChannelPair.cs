using System.Threading.Channels;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// The baseline for a grain call: one requester writes an integer to a request channel and awaits the answer
/// on a reply channel; one responder task reads requests and writes replies. Both hops go through the thread
/// pool (the channels' default asynchronous continuations), as a grain call's do.
/// </summary>
internal sealed class ChannelPair
{
    private static readonly UnboundedChannelOptions Options = new() { SingleReader = true, SingleWriter = true };
    private readonly Channel<int> _requests = Channel.CreateUnbounded<int>(Options);
    private readonly Channel<int> _replies = Channel.CreateUnbounded<int>(Options);
    private readonly Task _responder;

    public ChannelPair()
    {
        _responder = Task.Run(RespondAsync);
    }

    /// <summary>Makes <paramref name="calls"/> sequential round trips, as a caller awaiting grain calls in a loop does.</summary>
    public async Task RunAsync(int calls)
    {
        var requests = _requests.Writer;
        var replies = _replies.Reader;
        var x = 0;
        for (var i = 0; i < calls; i++)
        {
            requests.TryWrite(x);
            x = await replies.ReadAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the responder.</summary>
    public Task StopAsync()
    {
        _requests.Writer.TryComplete();
        return _responder;
    }

    private async Task RespondAsync()
    {
        var reader = _requests.Reader;
        var writer = _replies.Writer;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var x))
            {
                writer.TryWrite(x + 1);
            }
        }
    }
}
