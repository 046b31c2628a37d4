namespace OrleansAgents.Runtime.Tests.TestGrains;

public class TurnGrainBase : Grain
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;
    private int _parallelTurns;
    private int _maxParallelTurns;
    private int _completed;
    private string _status = "idle";

    public async Task WorkAsync(int yields)
    {
        _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        for (var i = 0; i < yields; i++)
        {
            EnterTurn();
            Thread.SpinWait(2000);
            LeaveTurn();
            await Task.Yield();
        }

        _inFlight--;
        _completed++;
    }

    public Task<string> StatusAsync() => Task.FromResult(_status);

    public async Task BlockUntilReleasedAsync()
    {
        _status = "blocked";
        await _released.Task;
        _status = "released";
    }

    public Task ReleaseAsync()
    {
        _released.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<ConcurrencyReport> GetReportAsync() => Task.FromResult(new ConcurrencyReport(_maxInFlight, _maxParallelTurns, _completed));

    private void EnterTurn()
    {
        var now = Interlocked.Increment(ref _parallelTurns);
        InterlockedMax(ref _maxParallelTurns, now);
    }

    private void LeaveTurn() => Interlocked.Decrement(ref _parallelTurns);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed class TurnGrain : TurnGrainBase, ITurnGrain;

[Reentrant]
public sealed class ReentrantTurnGrain : TurnGrainBase, IReentrantTurnGrain;
