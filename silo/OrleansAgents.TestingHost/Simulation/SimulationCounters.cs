namespace OrleansAgents.TestingHost;

/// <summary>How many faults a simulation injected, by kind (so a test can show a fault really happened).</summary>
public sealed class SimulationCounters
{
    /// <summary>Frames between silos that were lost.</summary>
    public long FramesDropped { get; internal set; }

    /// <summary>Extra copies of frames between silos that were delivered.</summary>
    public long FramesDuplicated { get; internal set; }

    /// <summary>Frames between silos that left their link's order.</summary>
    public long FramesReordered { get; internal set; }

    /// <summary>Storage writes that failed before being applied.</summary>
    public long StorageWritesFailed { get; internal set; }

    /// <summary>Storage writes applied while their caller was told they timed out.</summary>
    public long StorageWritesTimedOut { get; internal set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"dropped {FramesDropped}, duplicated {FramesDuplicated}, reordered {FramesReordered}, storage failed {StorageWritesFailed}, storage timed out {StorageWritesTimedOut}";
}
