using System.Text.Json;
using OrleansAgents.Cli.Backends;
using Spectre.Console;

namespace OrleansAgents.Cli.Output;

/// <summary>Where a command writes: JSON for scripts (<c>--json</c>) or text for people (Spectre.Console).</summary>
internal sealed class CliOutput(bool json, IAnsiConsole console, TextWriter output, TextWriter error)
{
    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    /// <summary>Whether a live display (progress bar) can be drawn: a terminal, not a pipe or file.</summary>
    public bool Interactive => Console.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected;

    public static CliOutput Create(bool json) => new(json, AnsiConsole.Console, System.Console.Out, System.Console.Error);

    /// <summary>Writes one JSON document on one line.</summary>
    public void WriteJson<T>(T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, WireJsonOptions.Default));
        output.Flush();
    }

    /// <summary>Writes a line of text as is (no markup).</summary>
    public void WriteLine(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }

    public void WriteError(string message) => error.WriteLine($"oa: {message}");
}
