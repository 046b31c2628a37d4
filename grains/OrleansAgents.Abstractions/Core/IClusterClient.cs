namespace OrleansAgents;

/// <summary>A client connected to a cluster: creates grain references whose calls reach the silos.</summary>
public interface IClusterClient : IGrainFactory, IAsyncDisposable;
