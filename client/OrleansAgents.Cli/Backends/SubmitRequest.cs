using System.Text.Json;

namespace OrleansAgents.Cli.Backends;

/// <summary>What <c>oa submit</c> asks for: an agent or a route, an input, optionally an id and a timeout.</summary>
internal sealed record SubmitRequest(IReadOnlyList<string> Route, JsonElement Input, string? TaskId, TimeSpan? Timeout);
