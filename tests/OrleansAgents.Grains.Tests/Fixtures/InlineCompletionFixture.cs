using Xunit;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>
/// A 1-silo cluster with the inline-completion window on (the testing kit turns it off on the fake clock): 1 s of
/// wall-clock time, long enough that an agent that returns at once always ends within it, short enough that a test
/// whose agent waits sits it out quickly.
/// </summary>
public sealed class InlineCompletionFixture : IAsyncLifetime
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    public AgentCluster Agents { get; private set; } = null!;

    public async Task InitializeAsync() => Agents = await AgentCluster.StartAsync(1, o => o.InlineCompletionWindow = Window);

    public async Task DisposeAsync() => await Agents.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class InlineCompletionCollection : ICollectionFixture<InlineCompletionFixture>
{
    public const string Name = "inline completion";
}
