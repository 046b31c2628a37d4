using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>One write or clear that storage applied, in the order it was applied.</summary>
/// <param name="Sequence">The order among all applied writes of the simulation.</param>
/// <param name="Provider">The storage provider's name.</param>
/// <param name="StateName">The state's name.</param>
/// <param name="GrainId">The grain.</param>
/// <param name="Json">The state written, as UTF-8 JSON; empty for a clear.</param>
/// <param name="VirtualTime">When it was applied, as virtual time since the start.</param>
/// <param name="CallerSawFailure">Whether the caller was told the write failed although it was applied (a simulated timeout).</param>
public sealed record AppliedWrite(long Sequence, string Provider, string StateName, GrainId GrainId, byte[] Json, TimeSpan VirtualTime, bool CallerSawFailure);

/// <summary>Every write the simulated storage applied: the ground truth invariants such as "no persisted output lost" are checked against.</summary>
public sealed class StorageHistory
{
    private readonly List<AppliedWrite> _writes = [];

    /// <summary>Every applied write, in order.</summary>
    public IReadOnlyList<AppliedWrite> Writes => _writes;

    /// <summary>The applied writes of one state of one grain, in order.</summary>
    public IEnumerable<AppliedWrite> Of(string stateName, GrainId grainId) =>
        _writes.Where(w => w.StateName == stateName && w.GrainId == grainId);

    internal void Add(string provider, string stateName, GrainId grainId, byte[] json, TimeSpan at, bool callerSawFailure) =>
        _writes.Add(new AppliedWrite(_writes.Count + 1, provider, stateName, grainId, json, at, callerSawFailure));
}
