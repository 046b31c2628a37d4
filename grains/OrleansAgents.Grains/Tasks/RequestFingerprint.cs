using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Agents;

/// <summary>
/// The canonical JSON of a submitted request, kept with the task to tell a duplicate submit from a conflicting one:
/// <c>{"route":[...],"input":"&lt;raw json&gt;","user":...,"run":...,"timeout":...,"parent":...}</c>. The property
/// names and order are part of what tasks persist; changing them would make every earlier task look different.
/// </summary>
internal sealed record RequestFingerprint(
    [property: JsonPropertyName("route")] IReadOnlyList<string> Route,
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("user")] string UserId,
    [property: JsonPropertyName("run")] string? RunId,
    [property: JsonPropertyName("timeout")] TimeSpan? Timeout,
    [property: JsonPropertyName("parent")] string? ParentTaskId)
{
    public static string Of(AgentTaskRequest request) => JsonSerializer.Serialize(
        new RequestFingerprint(
            request.Route,
            request.Input.ValueKind == JsonValueKind.Undefined ? null : request.Input.GetRawText(),
            request.UserId,
            request.RunId,
            request.Timeout,
            request.ParentTaskId),
        AgentTaskJsonContext.Default.RequestFingerprint);
}
