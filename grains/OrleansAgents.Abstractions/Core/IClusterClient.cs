using OrleansAgents.Streams;

namespace OrleansAgents;

/// <summary>
/// A client connected to a cluster: creates grain references whose calls reach the silos, and gives access to the
/// cluster's stream providers (its subscriptions end when the client is disposed).
/// </summary>
public interface IClusterClient : IGrainFactory, IStreamProviderFactory, IAsyncDisposable;
