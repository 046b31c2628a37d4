using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Inputs the replaced systems had to carry: big, unicode, null-laden and deeply nested JSON.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class PayloadScenarios(AgentClusterFixture fixture)
{
    private const string Unicode = "héllo 世界 😀 👩‍👩‍👧 🇫🇷 שלום עולם مرحبا بالعالم";
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_typed_agent_reads_its_input_properties_whatever_their_case()
    {
        var user = new AgentCaller("camel-user");
        var task = _agents.NewTask();

        // What an HTTP or MCP caller sends for SlowInput(Steps, StepMilliseconds): camelCase names.
        await task.SubmitAsync(AgentTaskRequest.For("slow", JsonNode.Parse("""{"steps":2,"stepMilliseconds":10}"""), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Output!.Value.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task A_one_mebibyte_payload_round_trips_through_echo_and_storage()
    {
        var user = new AgentCaller("big-user");
        var task = _agents.NewTask();
        var payload = new { blob = string.Create(1024 * 1024, 0, (chars, _) => { for (var i = 0; i < chars.Length; i++) { chars[i] = (char)('a' + (i % 26)); } }) };

        await task.SubmitAsync(AgentTaskRequest.For("echo", payload, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(payload.blob, done.Output!.Value.GetProperty("blob").GetString());
        var record = await _agents.ReadRecordAsync(_agents.Primary, task);
        Assert.Equal(payload.blob, record!.Output!.Value.GetProperty("blob").GetString());
    }

    [Fact]
    public async Task Unicode_with_emoji_and_right_to_left_text_round_trips_unchanged()
    {
        var user = new AgentCaller("unicode-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("echo", new Dictionary<string, string> { ["clé 🔑 מפתח"] = Unicode }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(Unicode, done.Output!.Value.GetProperty("clé 🔑 מפתח").GetString());
    }

    [Fact]
    public async Task Conditional_upper_leaves_emoji_and_right_to_left_text_intact()
    {
        var user = new AgentCaller("unicode-upper-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("conditional", new { mode = "upper", text = "abc 😀 שלום" }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal("ABC 😀 שלום", done.Output!.Value.GetString());
    }

    [Theory]
    [InlineData("שלום", "םולש")]
    [InlineData("ab😀", "😀ba")]
    [InlineData("x👩‍👩‍👧y🇫🇷", "🇫🇷y👩‍👩‍👧x")]
    public async Task Conditional_reverse_reverses_characters_not_utf16_code_units(string text, string expected)
    {
        var user = new AgentCaller("unicode-reverse-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("conditional", new { mode = "reverse", text }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.True(done.Status == AgentTaskStatus.Succeeded, $"Expected Succeeded, got {done.Status}: {done.Error}");
        Assert.Equal(expected, done.Output!.Value.GetString());
    }

    [Fact]
    public async Task Null_values_inside_the_input_are_kept()
    {
        var user = new AgentCaller("null-user");
        var task = _agents.NewTask();
        var input = JsonNode.Parse("""{"a":null,"b":[null,1,null],"c":{"d":null},"e":""}""");

        await task.SubmitAsync(AgentTaskRequest.For("echo", input, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal("""{"a":null,"b":[null,1,null],"c":{"d":null},"e":""}""", done.Output!.Value.GetRawText());
    }

    [Fact]
    public async Task A_null_input_is_accepted_and_echo_of_null_is_an_empty_result()
    {
        var user = new AgentCaller("null-input-user");
        var task = _agents.NewTask();

        var submitted = await task.SubmitAsync(AgentTaskRequest.For("echo", null, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(JsonValueKind.Null, submitted.Input.ValueKind);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Null(done.Output);
    }

    [Fact]
    public async Task Deeply_nested_json_of_60_levels_round_trips_through_echo()
    {
        const int depth = 60;
        var user = new AgentCaller("deep-user");
        var task = _agents.NewTask();
        var json = Nest(depth);

        await task.SubmitAsync(Request("echo", Parse(json, depth), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(json, done.Output!.Value.GetRawText());
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_serializer_allows_fails_at_submit_and_creates_nothing()
    {
        const int depth = 100;
        var user = new AgentCaller("too-deep-user");
        var task = _agents.NewTask();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(Request("echo", Parse(Nest(depth), depth), user.UserId)));

        Assert.Contains("depth", error.ToString(), StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.GetAsync(AgentCaller.Admin));
    }

    private static AgentTaskRequest Request(string agent, JsonElement input, string userId) =>
        new() { Route = [agent], Input = input, UserId = userId };

    private static JsonElement Parse(string json, int depth) =>
        JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = depth + 1 }).RootElement;

    private static string Nest(int depth)
    {
        var json = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            json.Append(i % 2 == 0 ? """{"level":""" : "[");
        }

        json.Append("\"bottom\"");
        for (var i = depth - 1; i >= 0; i--)
        {
            json.Append(i % 2 == 0 ? "}" : "]");
        }

        return json.ToString();
    }
}
