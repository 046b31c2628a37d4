namespace OrleansAgents;

/// <summary>Implemented by grain classes (through the runtime's <c>Grain</c> base class).</summary>
public interface IGrainIdentity
{
    /// <summary>The id of this grain.</summary>
    GrainId GrainId { get; }
}
