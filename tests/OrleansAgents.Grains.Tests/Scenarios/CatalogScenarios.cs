using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>The agent catalog: names, descriptions and input schemas for listings and tool descriptions.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class CatalogScenarios(AgentClusterFixture fixture)
{
    private static readonly string[] SampleAgents =
        ["conditional", "doubler", "echo", "flaky", "incrementer", "notebook", "slow", "splitter", "summarize", "value-error"];

    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task The_catalog_lists_every_sample_agent_with_a_description_and_a_schema()
    {
        var agents = await _agents.Client.GetGrain<IAgentCatalogGrain>("default").ListAsync();

        var names = agents.Select(a => a.Name).ToArray();
        Assert.Equal(SampleAgents.Append("gate").Append("caller").Append("stay").Append("remember-flaky").Order(StringComparer.Ordinal), names);
        Assert.All(agents, a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{a.Name} has no description"));
        Assert.All(agents, a => Assert.Equal(JsonValueKind.Object, a.InputSchema.ValueKind));
    }

    [Fact]
    public async Task A_typed_agent_publishes_the_json_schema_of_its_input()
    {
        var agents = (await _agents.Client.GetGrain<IAgentCatalogGrain>("default").ListAsync()).ToDictionary(a => a.Name);

        Assert.Equal("number", agents["doubler"].InputSchema.GetProperty("type").GetString());
        var slow = agents["slow"].InputSchema;
        Assert.Equal("object", slow.GetProperty("type").GetString());
        Assert.Equal("integer", slow.GetProperty("properties").GetProperty("Steps").GetProperty("type").GetString());
        Assert.Equal("boolean", slow.GetProperty("properties").GetProperty("IgnoreCancellation").GetProperty("type").GetString());
        Assert.Contains("Text", agents["summarize"].InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Empty(agents["echo"].InputSchema.EnumerateObject());
    }
}
