using OrleansAgents.Runtime;

namespace OrleansAgents.Runtime.Tests.TestGrains;

public sealed class StringKeyGrain(SiloMarker silo) : Grain, IStringKeyGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public Task<string> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyString());

    public Task<string> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.Name);
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(GrainKey.AsGuid());
}

public sealed class LongKeyGrain : Grain, ILongKeyGrain
{
    public Task<long> GetKeyAsync() => Task.FromResult(GrainKey.AsLong());
}

public sealed class GuidCompoundGrain : Grain, IGuidCompoundGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult($"{GrainKey.AsGuid(out var ext)}|{ext}");
}

public sealed class LongCompoundGrain : Grain, ILongCompoundGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult($"{GrainKey.AsLong(out var ext)}|{ext}");
}

/// <summary>Names the silo a grain runs on (registered per silo by the test fixture).</summary>
public sealed record SiloMarker(string Name);
