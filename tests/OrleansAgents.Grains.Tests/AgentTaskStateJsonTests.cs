using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansAgents.Agents;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class AgentTaskStateJsonTests
{
    private static readonly JsonSerializerOptions RuntimeOptions = new(JsonSerializerDefaults.General);

    [Fact]
    public void The_source_generated_state_has_the_shape_the_reflection_serializer_gives_it_and_round_trips()
    {
        var state = FullState();
        var reflection = JsonSerializer.Serialize(new { state.Task, state.Fingerprint, state.StepInput, state.StepAttempts, state.Timeout }, RuntimeOptions);

        var written = JsonSerializer.Serialize(state, RuntimeOptions);

        Assert.Equal(reflection, written);
        Assert.Equal(written, JsonSerializer.Serialize(JsonSerializer.Deserialize<AgentTaskState>(reflection, RuntimeOptions), RuntimeOptions));
    }

    [Fact]
    public void A_state_before_submit_round_trips()
    {
        var written = JsonSerializer.Serialize(new AgentTaskState { StepInput = JsonSerializer.SerializeToElement<object?>(null) }, RuntimeOptions);

        var read = JsonSerializer.Deserialize<AgentTaskState>(written, RuntimeOptions)!;

        Assert.Equal("""{"Task":null,"Fingerprint":null,"StepInput":null,"StepAttempts":0,"Timeout":null}""", written);
        Assert.Null(read.Task);
        Assert.Null(read.Fingerprint);
    }

    [Fact]
    public void The_request_fingerprint_is_the_hash_of_the_canonical_json_and_tasks_that_stored_the_json_still_match()
    {
        var request = new AgentTaskRequest
        {
            Route = ["a", "b"],
            Input = JsonSerializer.SerializeToElement(new { x = 1, text = "déjà" }),
            UserId = "ada",
            RunId = "run",
            Timeout = TimeSpan.FromSeconds(90),
            ParentTaskId = null,
        };
        var earlier = JsonSerializer.Serialize(new
        {
            route = request.Route,
            input = request.Input.GetRawText(),
            user = request.UserId,
            run = request.RunId,
            timeout = request.Timeout,
            parent = request.ParentTaskId,
        });

        Assert.Equal(earlier, Encoding.UTF8.GetString(RequestFingerprint.CanonicalJson(request)));
        var fingerprint = RequestFingerprint.Of(request);
        Assert.Equal("sha256:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(earlier))), fingerprint);

        // A task stored with the canonical JSON itself (before fingerprints were hashed) is the same request.
        Assert.True(RequestFingerprint.Matches(earlier, fingerprint));
        Assert.True(RequestFingerprint.Matches(fingerprint, fingerprint));
        var other = RequestFingerprint.Of(request with { UserId = "bob" });
        Assert.False(RequestFingerprint.Matches(earlier, other));
        Assert.False(RequestFingerprint.Matches(fingerprint, other));
        Assert.False(RequestFingerprint.Matches(null, fingerprint));
    }

    private static AgentTaskState FullState() => new()
    {
        Fingerprint = """{"route":["a","b"],"input":"{\"x\":1}"}""",
        StepInput = JsonSerializer.SerializeToElement(new { x = 1, text = "déjà vu" }),
        Timeout = TimeSpan.FromMinutes(3),
        Task = new AgentTaskSnapshot
        {
            TaskId = "t-1",
            Status = AgentTaskStatus.Failed,
            Route = ["splitter", "doubler"],
            StepIndex = 1,
            UserId = "ada",
            RunId = "run",
            Input = JsonSerializer.SerializeToElement(new[] { 1, 2 }),
            Output = JsonSerializer.SerializeToElement(new[] { 2, 4 }),
            Error = new AgentError("System.OutOfMemoryException", "simulated", Retryable: true, "doubler"),
            Attempts = 2,
            Progress = new AgentProgress(50, "half"),
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
            CompletedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 7, TimeSpan.FromHours(1)),
            UpdatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 7, TimeSpan.Zero),
            ParentTaskId = "parent",
            ChildTaskIds = ["t-1-0", "t-1-1"],
        },
    };

    [Fact]
    public void The_converter_writes_every_property_of_the_state()
    {
        var written = JsonDocument.Parse(JsonSerializer.Serialize(new AgentTaskState(), RuntimeOptions));
        var names = written.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var properties = typeof(AgentTaskState).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(properties, names);
    }
}
