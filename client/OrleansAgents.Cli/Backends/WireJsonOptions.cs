using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Cli.Backends;

/// <summary>The JSON of the HTTP API and of <c>--json</c> output: web defaults (camelCase), enums as strings.</summary>
internal static class WireJsonOptions
{
    public static JsonSerializerOptions Default { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },

        // Output for terminals and scripts, not for HTML: quotes and non-ASCII text stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
