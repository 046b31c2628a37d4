namespace OrleansAgents;

/// <summary>Implemented by every grain reference: exposes the identity it addresses.</summary>
public interface IGrainReference : IAddressable
{
    /// <summary>The id of the grain this reference addresses.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain interface the reference was created for.</summary>
    Type InterfaceType { get; }
}
