namespace OrleansAgents.SiloHost.Demo;

/// <summary>Where the demo writes its progress lines: standard output unless a test supplies a writer.</summary>
internal sealed class DemoOutput(TextWriter writer)
{
    /// <summary>The prefix of every demo line.</summary>
    public const string Prefix = "[demo]";

    private readonly Lock _lock = new();

    public void WriteLine(string text)
    {
        lock (_lock)
        {
            writer.WriteLine($"{Prefix} {text}");
            writer.Flush();
        }
    }
}
