using Microsoft.Extensions.AI;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Grains.Tests.TestAgents;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Agent memory carried from one task to the next, per user and agent; an LLM agent that uses it.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class MemoryScenarios(AgentClusterFixture fixture)
{
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task Agent_memory_is_carried_across_tasks_of_the_same_user_and_not_shared_with_others()
    {
        var ada = new AgentCaller($"ada-{Guid.NewGuid():N}");
        var bob = new AgentCaller($"bob-{Guid.NewGuid():N}");

        var first = await RunAsync(ada, "notebook", "buy milk");
        var second = await RunAsync(ada, "notebook", "call mum");
        var bobs = await RunAsync(bob, "notebook", "bob's note");

        Assert.Equal(["buy milk"], first.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["buy milk", "call mum"], second.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["bob's note"], bobs.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        var stored = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{ada.UserId}/notebook").ReadAsync();
        Assert.Equal(["user", "user"], stored.Select(e => e.Role));
        Assert.True(stored[0].At <= stored[1].At);
    }

    [Fact]
    public async Task An_attempt_that_is_retried_stores_the_appends_it_repeats_once_and_its_new_ones_too()
    {
        var user = new AgentCaller($"retry-{Guid.NewGuid():N}");

        var done = await RunAsync(user, RememberingFlakyAgent.Name, new RememberingInput("buy milk", FailAttempts: 2));
        var again = await RunAsync(user, RememberingFlakyAgent.Name, new RememberingInput("buy milk", FailAttempts: 0));

        // Attempt 1 appended the note; attempts 2 and 3 appended it again (stored once) and a line of their own.
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(3, done.Attempts);
        Assert.Equal(["buy milk", "attempt 2", "attempt 3"], done.Output!.Value.EnumerateArray().Select(e => e.GetString()));

        // Another task appending the same note is another append: stored.
        Assert.Equal(["buy milk", "attempt 2", "attempt 3", "buy milk"], again.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        var stored = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{user.UserId}/{RememberingFlakyAgent.Name}").ReadAsync();
        Assert.Equal([$"{done.TaskId}/0/1", $"{done.TaskId}/0/2", $"{done.TaskId}/0/2", $"{again.TaskId}/0/1"], stored.Select(e => e.Key));
    }

    [Fact]
    public async Task The_memory_grain_stores_an_entry_once_per_key_and_content_and_every_unkeyed_one()
    {
        var memory = _agents.Client.GetGrain<IAgentMemoryGrain>($"keys-{Guid.NewGuid():N}/notebook");
        var at = _agents.Now;

        await memory.AppendAsync([new("user", "a", at, "t/0/1"), new("user", "plain", at)]);
        await memory.AppendAsync([new("user", "a", at, "t/0/1"), new("user", "plain", at)]);
        await memory.AppendAsync([new("user", "a (said otherwise)", at, "t/0/1"), new("user", "a", at, "t/0/1")]);

        var stored = await memory.ReadAsync();
        Assert.Equal(["a", "plain", "plain", "a (said otherwise)"], stored.Select(e => e.Content));

        // The keys survive the activation: a fresh one still knows what was stored.
        await _agents.Cluster.DeactivateAsync(memory);
        await memory.AppendAsync([new("user", "a", at, "t/0/1")]);
        Assert.Equal(4, (await memory.ReadAsync()).Count);
    }

    [Fact]
    public async Task The_summarize_agent_sends_its_earlier_exchange_from_memory_to_the_model()
    {
        var user = new AgentCaller($"llm-{Guid.NewGuid():N}");
        var firstText = $"first-{Guid.NewGuid():N} The quick brown fox jumps over the lazy dog.";
        var secondText = $"second-{Guid.NewGuid():N} Now summarize this other text please.";

        var first = await RunAsync(user, "summarize", new SummarizeInput(firstText, MaxWords: 5));
        var second = await RunAsync(user, "summarize", new SummarizeInput(secondText));

        var firstReply = first.Output!.Value.GetProperty("summary").GetString();
        Assert.StartsWith("summary #", firstReply, StringComparison.Ordinal);
        var firstPrompt = _agents.Chat.Prompts.Single(p => p[^1].Text == firstText);
        Assert.Equal([ChatRole.System, ChatRole.User], firstPrompt.Select(m => m.Role));
        Assert.Contains("at most 5 words", firstPrompt[0].Text, StringComparison.Ordinal);

        var secondPrompt = _agents.Chat.Prompts.Single(p => p[^1].Text == secondText);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], secondPrompt.Select(m => m.Role));
        Assert.Equal(firstText, secondPrompt[1].Text);
        Assert.Equal(firstReply, secondPrompt[2].Text);
        Assert.NotEqual(firstReply, second.Output!.Value.GetProperty("summary").GetString());
        var memory = await _agents.Client.GetGrain<IAgentMemoryGrain>($"{user.UserId}/summarize").ReadAsync();
        Assert.Equal(4, memory.Count);
    }

    [Fact]
    public async Task Summarize_with_empty_text_fails_as_a_fatal_input_error_without_calling_the_model()
    {
        var user = new AgentCaller($"llm-empty-{Guid.NewGuid():N}");
        var before = _agents.Chat.Client.Requests;

        var done = await RunAsync(user, "summarize", new SummarizeInput(" "));

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(typeof(ArgumentException).FullName, done.Error!.Type);
        Assert.Equal(before, _agents.Chat.Client.Requests);
    }

    private async Task<AgentTaskSnapshot> RunAsync(AgentCaller user, string agent, object input)
    {
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For(agent, input, user.UserId));
        return await _agents.WaitAsync(task, user);
    }
}
