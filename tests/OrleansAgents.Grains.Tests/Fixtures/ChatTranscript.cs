using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using OrleansAgents.Agents.Samples;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>A scripted chat model that records every prompt it received and answers with a numbered reply.</summary>
public sealed class ChatTranscript
{
    private readonly ConcurrentQueue<IReadOnlyList<ChatMessage>> _prompts = new();
    private int _replies;

    public ChatTranscript()
    {
        Client = new ScriptedChatClient(messages =>
        {
            _prompts.Enqueue(messages);
            return $"summary #{Interlocked.Increment(ref _replies)}: {messages[^1].Text.Split(' ')[0]}";
        });
    }

    /// <summary>The client the silos use.</summary>
    public ScriptedChatClient Client { get; }

    /// <summary>The prompts received, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Prompts => [.. _prompts];
}
