using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansAgents.Hosting;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests;

/// <summary>Task state as storage keeps it: Orleans' version-tolerant binary serializer (OrleansGrainStorageSerializer).</summary>
public sealed class AgentTaskStateSerializationTests(SerializationFixture fixture) : IClassFixture<SerializationFixture>
{
    private readonly Serializer _serializer = fixture.Serializer;

    [Fact]
    public void The_full_state_round_trips_through_the_silos_orleans_serializer()
    {
        var state = FullState();

        var read = _serializer.Deserialize<AgentTaskState>(_serializer.SerializeToArray(state))!;

        Assert.Equal(Describe(state), Describe(read));
    }

    [Fact]
    public void A_state_before_submit_round_trips()
    {
        var read = _serializer.Deserialize<AgentTaskState>(_serializer.SerializeToArray(new AgentTaskState { StepInput = JsonSerializer.SerializeToElement<object?>(null) }))!;

        Assert.Null(read.Task);
        Assert.Null(read.Fingerprint);
        Assert.Equal(JsonValueKind.Null, read.StepInput.ValueKind);
        Assert.Equal(0, read.StepAttempts);
        Assert.Null(read.Timeout);
    }

    [Fact]
    public void Every_property_of_the_state_has_a_serializer_id()
    {
        var properties = typeof(AgentTaskState).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        Assert.All(properties, p => Assert.True(p.GetCustomAttribute<IdAttribute>() is not null, $"{p.Name} has no [Id]: it would not be stored"));
        Assert.Equal(properties.Length, properties.Select(p => p.GetCustomAttribute<IdAttribute>()!.Id).Distinct().Count());
    }

    [Fact]
    public void A_contract_with_an_added_member_reads_an_old_payload_and_an_old_contract_reads_a_new_one()
    {
        var oldPayload = _serializer.SerializeToArray(new VersionedStateV1 { Name = "ada", Count = 3 });
        var newPayload = _serializer.SerializeToArray(new VersionedStateV2 { Name = "bob", Count = 4, Note = "added later" });

        var newReadsOld = _serializer.Deserialize<VersionedStateV2>(oldPayload)!;
        var oldReadsNew = _serializer.Deserialize<VersionedStateV1>(newPayload)!;

        Assert.Equal(("ada", 3, (string?)null), (newReadsOld.Name, newReadsOld.Count, newReadsOld.Note));
        Assert.Equal(("bob", 4), (oldReadsNew.Name, oldReadsNew.Count));
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

    [Fact]
    public void The_silos_storage_serializer_writes_the_bytes_orleans_own_writes_and_each_reads_the_other()
    {
        var silos = fixture.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();
        var orleans = new OrleansGrainStorageSerializer(_serializer);
        var state = FullState();

        var ours = silos.Serialize(state).ToArray();
        var theirs = orleans.Serialize(state).ToArray();

        Assert.IsType<ExactSizeGrainStorageSerializer>(silos);
        Assert.Equal(theirs, ours);
        Assert.Equal(Describe(state), Describe(orleans.Deserialize<AgentTaskState>(new BinaryData(ours))!));
        Assert.Equal(Describe(state), Describe(silos.Deserialize<AgentTaskState>(new BinaryData(theirs))!));
    }

    [Fact]
    public void Json_values_written_one_after_another_on_one_thread_stay_separate_whatever_their_sizes()
    {
        // The codec reuses one buffer per thread, and drops it after a value larger than it keeps (64 KB).
        var large = JsonSerializer.SerializeToElement(new { text = new string('x', 100_000), n = 1 });
        var small = JsonSerializer.SerializeToElement(new { n = 2 });
        var states = new[] { small, large, small, large, large, small }
            .Select((input, i) => new AgentTaskState { StepInput = input, StepAttempts = i })
            .ToArray();

        var read = states.Select(state => _serializer.Deserialize<AgentTaskState>(_serializer.SerializeToArray(state))!).ToArray();

        Assert.Equal(states.Select(s => (s.StepInput.GetRawText(), s.StepAttempts)), read.Select(s => (s.StepInput.GetRawText(), s.StepAttempts)));
    }

    private static string Describe(AgentTaskState state) =>
        $"{(state.Task is null ? "null" : StorageLog.Canonical(state.Task))}|{state.Fingerprint}|{state.StepInput.GetRawText()}|{state.StepAttempts}|{state.Timeout}";

    private static AgentTaskState FullState() => new()
    {
        Fingerprint = """{"route":["a","b"],"input":"{\"x\":1}"}""",
        StepInput = JsonSerializer.SerializeToElement(new { x = 1, text = "déjà vu" }),
        StepAttempts = 2,
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
}

/// <summary>A stored contract as first shipped.</summary>
[GenerateSerializer, Alias("oa.test.VersionedStateV1")]
public sealed class VersionedStateV1
{
    [Id(0)]
    public string? Name { get; set; }

    [Id(1)]
    public int Count { get; set; }
}

/// <summary>The same contract with a member added under a new id.</summary>
[GenerateSerializer, Alias("oa.test.VersionedStateV2")]
public sealed class VersionedStateV2
{
    [Id(0)]
    public string? Name { get; set; }

    [Id(1)]
    public int Count { get; set; }

    [Id(2)]
    public string? Note { get; set; }
}
