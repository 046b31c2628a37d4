using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using OrleansAgents.Agents;

namespace OrleansAgents.Mcp.Tools;

/// <summary>
/// An agent as an MCP tool. MCP tool arguments are always a JSON object: an agent whose input schema is an object
/// schema takes the arguments as its input, with that schema as the tool's; any other agent (a number, an array, any
/// JSON) gets the schema <c>{"type":"object","properties":{"input":&lt;its schema&gt;},"required":["input"]}</c> and takes
/// the <c>input</c> argument as its input.
/// </summary>
internal sealed class AgentTool
{
    /// <summary>The one argument of a tool whose agent does not take an object.</summary>
    public const string InputArgument = "input";

    private AgentTool(AgentDescriptor agent, bool wrapsInput, JsonElement inputSchema)
    {
        Agent = agent;
        WrapsInput = wrapsInput;
        InputSchema = inputSchema;
    }

    public AgentDescriptor Agent { get; }

    /// <summary>Whether the agent's input is the <see cref="InputArgument"/> argument rather than all the arguments.</summary>
    public bool WrapsInput { get; }

    public JsonElement InputSchema { get; }

    public static AgentTool For(AgentDescriptor agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var schema = agent.InputSchema;
        if (IsObjectSchema(schema))
        {
            return new AgentTool(agent, wrapsInput: false, schema);
        }

        var wrapped = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { [InputArgument] = schema.ValueKind == JsonValueKind.Undefined ? new JsonObject() : JsonNode.Parse(schema.GetRawText()) },
            ["required"] = new JsonArray(InputArgument),
            ["additionalProperties"] = false,
        };
        return new AgentTool(agent, wrapsInput: true, JsonSerializer.SerializeToElement(wrapped));
    }

    public Tool ToProtocolTool() => new()
    {
        Name = Agent.Name,
        Description = Agent.Description,
        InputSchema = InputSchema,
    };

    /// <summary>The agent's input from the call's arguments; <c>null</c> with <paramref name="error"/> when they do not fit.</summary>
    public JsonElement? Input(IDictionary<string, JsonElement>? arguments, out string? error)
    {
        error = null;
        if (!WrapsInput)
        {
            var input = new JsonObject();
            foreach (var (name, argument) in arguments ?? new Dictionary<string, JsonElement>())
            {
                input[name] = JsonNode.Parse(argument.GetRawText());
            }

            return JsonSerializer.SerializeToElement(input);
        }

        if (arguments?.Keys.FirstOrDefault(k => k != InputArgument) is { } unexpected)
        {
            error = $"Tool '{Agent.Name}' takes one argument, '{InputArgument}'; '{unexpected}' is not one of its arguments.";
            return null;
        }

        if (arguments is null || !arguments.TryGetValue(InputArgument, out var value))
        {
            error = $"Tool '{Agent.Name}' needs the argument '{InputArgument}'.";
            return null;
        }

        return value;
    }

    private static bool IsObjectSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && schema.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.ValueEquals("object");
}
