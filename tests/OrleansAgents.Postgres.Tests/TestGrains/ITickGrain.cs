namespace OrleansAgents.Postgres.Tests.TestGrains;

/// <summary>A grain that registers a durable reminder and counts its ticks in PostgreSQL-backed state.</summary>
public interface ITickGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan dueTime, TimeSpan period);

    Task<int> GetTicksAsync();
}
