namespace OrleansAgents.Hosting;

/// <summary>
/// One state operation waiting for its batch (<see cref="PostgresStateWriter"/>): write a payload (<c>null</c> clears
/// the state, keeping the row) or delete the row, if the row holds <see cref="ExpectedVersion"/> (<c>null</c>: if no
/// row exists). <see cref="Completion"/> ends with the row's new version, or <c>null</c> when the ETag check failed.
/// </summary>
internal sealed class PostgresStateOperation(PostgresStateKey key, byte[]? payload, int? expectedVersion, bool delete)
{
    public PostgresStateKey Key { get; } = key;

    public byte[]? Payload { get; } = payload;

    public int? ExpectedVersion { get; } = expectedVersion;

    public bool Delete { get; } = delete;

    public TaskCompletionSource<int?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
