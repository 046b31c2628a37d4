namespace OrleansAgents.Runtime.Tests.TestGrains;

public interface IStringKeyGrain : IGrainWithStringKey
{
    Task<string> GetKeyAsync();

    Task<string> GetActivationIdAsync();

    Task<string> GetSiloAsync();
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKeyAsync();
}

public interface ILongKeyGrain : IGrainWithIntegerKey
{
    Task<long> GetKeyAsync();
}

public interface IGuidCompoundGrain : IGrainWithGuidCompoundKey
{
    Task<string> GetKeyAsync();
}

public interface ILongCompoundGrain : IGrainWithIntegerCompoundKey
{
    Task<string> GetKeyAsync();
}
