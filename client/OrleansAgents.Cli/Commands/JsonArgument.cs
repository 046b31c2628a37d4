using System.Text.Json;

namespace OrleansAgents.Cli.Commands;

/// <summary>Reads JSON given on the command line (or <c>-</c> for standard input).</summary>
internal static class JsonArgument
{
    public static JsonElement Parse(string? text, string what)
    {
        if (text is null)
        {
            return JsonSerializer.SerializeToElement<object?>(null);
        }

        if (text == "-")
        {
            text = Console.In.ReadToEnd();
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new CliException(
                CliExitCode.Usage,
                $"The {what} must be JSON (a string needs its quotes: '\"text\"'); {exception.Message}");
        }
    }
}
