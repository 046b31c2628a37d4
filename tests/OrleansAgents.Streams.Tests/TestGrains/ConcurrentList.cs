namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>Collects ints from a client observer.</summary>
public sealed class ConcurrentList
{
    private readonly List<int> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public Task AddAsync(int item)
    {
        lock (_items)
        {
            _items.Add(item);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<int> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }
}
