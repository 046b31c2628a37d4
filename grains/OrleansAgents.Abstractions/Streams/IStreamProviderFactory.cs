namespace OrleansAgents.Streams;

/// <summary>Gives access to the stream providers of a cluster; implemented by cluster clients.</summary>
public interface IStreamProviderFactory
{
    /// <summary>Gets a stream provider by name (<see cref="StreamProviderNames.Default"/> is always configured).</summary>
    IStreamProvider GetStreamProvider(string name);
}
