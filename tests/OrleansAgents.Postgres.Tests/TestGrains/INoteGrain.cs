namespace OrleansAgents.Postgres.Tests.TestGrains;

/// <summary>A grain that keeps one note in PostgreSQL-backed state.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task SetAsync(string text);

    Task<string?> GetAsync();
}
