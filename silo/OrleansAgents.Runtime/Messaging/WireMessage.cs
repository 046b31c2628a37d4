using System.Text.Json;

namespace OrleansAgents.Runtime;

/// <summary>The wire contract of one message: what travels between silos and clients as UTF-8 JSON.</summary>
internal sealed class WireMessage
{
    public long Id { get; set; }

    public MessageKind Kind { get; set; }

    public string? Target { get; set; }

    public string? Interface { get; set; }

    public string? Method { get; set; }

    public JsonElement[]? Arguments { get; set; }

    public string? Sender { get; set; }

    public int Forwards { get; set; }

    public long TimeoutMs { get; set; }

    public JsonElement? Result { get; set; }

    public WireError? Error { get; set; }

    /// <summary>On a response: the target did not run the request and the caller should route it again.</summary>
    public bool Rejected { get; set; }
}

/// <summary>An exception as it travels: the type's name (with assembly), message and stack trace.</summary>
internal sealed record WireError(string Type, string Message, string? StackTrace);
