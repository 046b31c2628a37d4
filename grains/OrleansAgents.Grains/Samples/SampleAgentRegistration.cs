using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansAgents.Agents.Samples;

namespace OrleansAgents.Hosting;

/// <summary>Registers the sample agents used by the demo and the scenario tests.</summary>
public static class SampleAgentRegistration
{
    /// <summary>
    /// Adds the agent runtime and the sample agents: echo, doubler, incrementer, splitter, value-error, flaky,
    /// slow, conditional, notebook and summarize (with a <see cref="ScriptedChatClient"/> unless an
    /// <see cref="IChatClient"/> is already registered).
    /// </summary>
    public static ISiloBuilder AddSampleAgents(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAgentRuntime();
        builder.Services.TryAddSingleton<IChatClient>(_ => new ScriptedChatClient());
        builder.AddAgent<EchoAgent>("echo", o => o.Description = "Returns its input unchanged.");
        builder.AddAgent<DoublerAgent>("doubler", o => o.Description = "Doubles a number.");
        builder.AddAgent<IncrementerAgent>("incrementer", o => o.Description = "Adds one to a number.");
        builder.AddAgent<SplitterAgent>("splitter", o => o.Description = "Fans a JSON array out into one child task per element.");
        builder.AddAgent<ValueErrorAgent>("value-error", o => o.Description = "Always fails with a fatal ArgumentException.");
        builder.AddAgent<FlakyAgent>("flaky", o =>
        {
            o.Description = "Runs out of memory on its first attempts, then succeeds.";
            o.MaxAttempts = 4;
            o.InitialBackoff = TimeSpan.FromMilliseconds(20);
        });
        builder.AddAgent<SlowAgent>("slow", o => o.Description = "Works through timed steps, reporting progress.");
        builder.AddAgent<ConditionalAgent>("conditional", o => o.Description = "Transforms text by mode: upper, reverse, skip.");
        builder.AddAgent<NotebookAgent>("notebook", o => o.Description = "Remembers every note and returns them all.");
        builder.AddAgent<SummarizeAgent>("summarize", o => o.Description = "Summarizes text with the configured chat model.");
        return builder;
    }
}
