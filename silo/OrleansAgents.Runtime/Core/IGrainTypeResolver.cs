namespace OrleansAgents.Runtime;

/// <summary>Maps a grain interface to the grain type that implements it.</summary>
internal interface IGrainTypeResolver
{
    /// <exception cref="GrainTypeNotRegisteredException">No grain class implements the interface.</exception>
    string ResolveGrainType(Type interfaceType);
}
