using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace OrleansAgents.Agents.Samples;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script instead of a model, for tests and the demo: each
/// request gets the result of <c>respond(messages)</c>; by default the first words of the last user message.
/// </summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string>? respond = null) : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, string> _respond = respond ?? FirstWords;
    private int _requests;

    /// <summary>How many requests were answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _respond([.. messages]))));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static string FirstWords(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8)) + (text.Length > 0 ? "…" : string.Empty);
    }
}
