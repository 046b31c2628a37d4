namespace OrleansAgents.SiloHost;

/// <summary>Where the host writes its own lines (not logs): standard output unless a test supplies a writer.</summary>
internal sealed class HostOutput(TextWriter writer)
{
    private readonly Lock _lock = new();

    public void WriteLine(string text)
    {
        lock (_lock)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
