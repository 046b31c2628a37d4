namespace OrleansAgents.Runtime.Tests.TestGrains;

/// <summary>Reports how many of its turns overlapped in time and how many requests were in flight at once.</summary>
public interface ITurnGrain : IGrainWithStringKey
{
    Task WorkAsync(int yields);

    [AlwaysInterleave]
    Task<string> StatusAsync();

    Task BlockUntilReleasedAsync();

    [AlwaysInterleave]
    Task ReleaseAsync();

    [AlwaysInterleave]
    Task<ConcurrencyReport> GetReportAsync();
}

public sealed record ConcurrencyReport(int MaxInFlight, int MaxParallelTurns, int Completed);

public interface IReentrantTurnGrain : ITurnGrain;
