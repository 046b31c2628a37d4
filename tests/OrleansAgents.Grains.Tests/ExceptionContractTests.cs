using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests;

/// <summary>The agent layer's exceptions cross silos and reach the client with their type and message.</summary>
public sealed class ExceptionContractTests(SerializationFixture fixture) : IClassFixture<SerializationFixture>
{
    private readonly IClusterClient _client = fixture.Cluster.Client;

    public static TheoryData<string> Kinds => [nameof(AgentNotFoundException), nameof(AgentTaskNotFoundException), nameof(ArgumentException)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_exception_thrown_in_a_grain_on_another_silo_reaches_the_client_with_its_type_and_message(string kind)
    {
        var (relay, thrower) = await PairOnTwoSilosAsync(kind);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => relay.RelayAsync(thrower.GetPrimaryKeyString(), kind));

        Assert.Equal(kind, error.GetType().Name);
        Assert.Equal(ThrowingGrain.MessageFor(kind), error.Message);
    }

    [Fact]
    public async Task The_task_grains_own_errors_reach_the_client_with_their_type_and_message()
    {
        var task = _client.GetGrain<IAgentTaskGrain>("errors-1");

        var unknownAgent = await Assert.ThrowsAsync<AgentNotFoundException>(() => task.SubmitAsync(AgentTaskRequest.For("no-such-agent", 1, "ada")));
        var notFound = await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.GetAsync(new AgentCaller("ada")));
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => task.SubmitAsync(AgentTaskRequest.For("echo", 1, " ")));

        Assert.Contains("no-such-agent", unknownAgent.Message, StringComparison.Ordinal);
        Assert.Contains("errors-1", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("user id", invalid.Message, StringComparison.Ordinal);
    }

    /// <summary>A relay and a thrower activated on different silos.</summary>
    private async Task<(IExceptionRelayGrain Relay, IExceptionRelayGrain Thrower)> PairOnTwoSilosAsync(string kind)
    {
        var relay = _client.GetGrain<IExceptionRelayGrain>($"relay-{kind}");
        var relayHost = await relay.HostAsync();
        for (var i = 0; i < 100; i++)
        {
            var thrower = _client.GetGrain<IExceptionRelayGrain>($"thrower-{kind}-{i}");
            if (await thrower.HostAsync() != relayHost)
            {
                return (relay, thrower);
            }
        }

        throw new InvalidOperationException("No thrower was placed on another silo than the relay.");
    }
}

/// <summary>Throws an agent-layer exception, or relays a call to another grain that does.</summary>
[Alias("oa.test.IExceptionRelayGrain")]
public interface IExceptionRelayGrain : IGrainWithStringKey
{
    [Alias("HostAsync")]
    Task<string> HostAsync();

    [Alias("ThrowAsync")]
    Task ThrowAsync(string kind);

    [Alias("RelayAsync")]
    Task RelayAsync(string throwerKey, string kind);
}

// Random placement: the default (resource-optimized) placement may put every new grain on the least loaded silo, and
// the test needs a relay and a thrower on different silos.
[Orleans.Placement.RandomPlacement]
internal sealed class ThrowingGrain(ILocalSiloDetails silo) : Grain, IExceptionRelayGrain
{
    public static string MessageFor(string kind) => $"{kind} thrown by a grain";

    public Task<string> HostAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public Task ThrowAsync(string kind) => throw (kind switch
    {
        nameof(AgentNotFoundException) => new AgentNotFoundException(MessageFor(kind)),
        nameof(AgentTaskNotFoundException) => new AgentTaskNotFoundException(MessageFor(kind)),
        _ => new ArgumentException(MessageFor(kind)),
    });

    public Task RelayAsync(string throwerKey, string kind) => GrainFactory.GetGrain<IExceptionRelayGrain>(throwerKey).ThrowAsync(kind);
}
