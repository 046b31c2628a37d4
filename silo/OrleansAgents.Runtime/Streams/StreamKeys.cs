using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>The keys of the streaming system grains.</summary>
internal static class StreamKeys
{
    public const string StreamGrainType = "sys.stream";
    public const string PatternRegistryGrainType = "sys.stream-patterns";
    public const string InboxGrainType = "sys.stream-inbox";

    /// <summary><c>provider/namespace/key</c>: the rendezvous grain of one stream.</summary>
    public static string Stream(string provider, StreamId stream) => $"{provider}/{stream.Namespace}/{stream.Key}";

    public static (string Provider, StreamId Stream) ParseStream(string key)
    {
        var first = key.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf('/', first + 1);
        return second < 0
            ? throw new FormatException($"'{key}' is not a stream grain key of the form provider/namespace/key.")
            : (key[..first], new StreamId(key[(first + 1)..second], key[(second + 1)..]));
    }

    /// <summary><c>provider/namespace</c>: the pattern registry of one namespace.</summary>
    public static string Patterns(string provider, string @namespace) => $"{provider}/{@namespace}";

    /// <summary><c>provider/subscription</c>: the inbox of one client subscription.</summary>
    public static string Inbox(string provider, Guid subscriptionId) => $"{provider}/{subscriptionId:N}";

    public static GrainId InboxId(string provider, Guid subscriptionId) => new(InboxGrainType, new GrainKey(Inbox(provider, subscriptionId)));

    public static string ProviderOf(string key)
    {
        var first = key.IndexOf('/', StringComparison.Ordinal);
        return first <= 0 ? throw new FormatException($"'{key}' does not start with a provider name.") : key[..first];
    }

    public static void ValidateProviderName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Stream provider name '{name}' contains '/'.", nameof(name));
        }
    }
}
