using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Agents;

/// <summary>
/// What a task keeps of its request to tell a duplicate submit from a conflicting one: <c>sha256:</c> and the Base64
/// SHA-256 of the request's canonical JSON <c>{"route":[...],"input":"&lt;raw json&gt;","user":...,"run":...,"timeout":...,"parent":...}</c>
/// (44 characters, whatever the input's size, instead of the escaped JSON itself in every write of the task). The
/// property names and order are part of the hash; tasks stored with the canonical JSON itself (before the hash) still
/// match (<see cref="Matches"/>).
/// </summary>
internal sealed record RequestFingerprint(
    [property: JsonPropertyName("route")] IReadOnlyList<string> Route,
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("user")] string UserId,
    [property: JsonPropertyName("run")] string? RunId,
    [property: JsonPropertyName("timeout")] TimeSpan? Timeout,
    [property: JsonPropertyName("parent")] string? ParentTaskId)
{
    private const string Prefix = "sha256:";

    public static string Of(AgentTaskRequest request) => Hash(CanonicalJson(request));

    /// <summary>Whether a stored fingerprint (a hash, or the canonical JSON of an older task) is <paramref name="fingerprint"/>'s.</summary>
    public static bool Matches(string? stored, string fingerprint) =>
        string.Equals(stored, fingerprint, StringComparison.Ordinal)
        || (stored is not null && !stored.StartsWith(Prefix, StringComparison.Ordinal) && Hash(Encoding.UTF8.GetBytes(stored)) == fingerprint);

    /// <summary>The canonical JSON of <paramref name="request"/>, as UTF-8.</summary>
    public static byte[] CanonicalJson(AgentTaskRequest request) => JsonSerializer.SerializeToUtf8Bytes(
        new RequestFingerprint(
            request.Route,
            request.Input.ValueKind == JsonValueKind.Undefined ? null : request.Input.GetRawText(),
            request.UserId,
            request.RunId,
            request.Timeout,
            request.ParentTaskId),
        AgentTaskJsonContext.Default.RequestFingerprint);

    private static string Hash(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(json, hash);
        return Prefix + Convert.ToBase64String(hash);
    }
}
