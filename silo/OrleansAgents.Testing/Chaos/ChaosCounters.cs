namespace OrleansAgents.Testing;

/// <summary>How many faults a chaos cluster injected so far (to check a run did meet faults, and to report them).</summary>
public sealed class ChaosCounters
{
    private long _writeFailures;
    private long _writeTimeouts;
    private long _readFailures;
    private long _clearFailures;
    private long _storageDelays;
    private long _callExceptions;
    private long _lostResponses;
    private long _callDelays;
    private long _siloFaults;
    private long _fencedOperations;

    /// <summary>Writes failed without being applied.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Writes applied but reported as timed out.</summary>
    public long WriteTimeouts => Interlocked.Read(ref _writeTimeouts);

    /// <summary>Reads failed.</summary>
    public long ReadFailures => Interlocked.Read(ref _readFailures);

    /// <summary>Clears failed.</summary>
    public long ClearFailures => Interlocked.Read(ref _clearFailures);

    /// <summary>Storage operations slowed.</summary>
    public long StorageDelays => Interlocked.Read(ref _storageDelays);

    /// <summary>Calls failed before they ran.</summary>
    public long CallExceptions => Interlocked.Read(ref _callExceptions);

    /// <summary>Calls that ran but whose caller got a timeout.</summary>
    public long LostResponses => Interlocked.Read(ref _lostResponses);

    /// <summary>Calls delayed.</summary>
    public long CallDelays => Interlocked.Read(ref _callDelays);

    /// <summary>Silos killed, stopped or restarted.</summary>
    public long SiloFaults => Interlocked.Read(ref _siloFaults);

    /// <summary>Storage operations refused because their silo was killed (fenced).</summary>
    public long FencedOperations => Interlocked.Read(ref _fencedOperations);

    /// <inheritdoc />
    public override string ToString() =>
        $"storage: {WriteFailures} failed writes, {WriteTimeouts} timed-out writes, {ReadFailures} failed reads, {ClearFailures} failed clears, {StorageDelays} delays, {FencedOperations} fenced; " +
        $"calls: {CallExceptions} failed, {LostResponses} lost responses, {CallDelays} delays; silos: {SiloFaults} faults";

    internal void WriteFailed() => Interlocked.Increment(ref _writeFailures);

    internal void WriteTimedOut() => Interlocked.Increment(ref _writeTimeouts);

    internal void ReadFailed() => Interlocked.Increment(ref _readFailures);

    internal void ClearFailed() => Interlocked.Increment(ref _clearFailures);

    internal void StorageDelayed() => Interlocked.Increment(ref _storageDelays);

    internal void CallFailed() => Interlocked.Increment(ref _callExceptions);

    internal void ResponseLost() => Interlocked.Increment(ref _lostResponses);

    internal void CallDelayed() => Interlocked.Increment(ref _callDelays);

    internal void SiloFaulted() => Interlocked.Increment(ref _siloFaults);

    internal void Fenced() => Interlocked.Increment(ref _fencedOperations);
}
