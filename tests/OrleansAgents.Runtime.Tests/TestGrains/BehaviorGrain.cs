namespace OrleansAgents.Runtime.Tests.TestGrains;

public sealed class BehaviorGrain : Grain, IBehaviorGrain
{
    private readonly List<string> _recorded = [];
    private bool _cancellationObserved;
    private bool _waiting;

    public Task DoNothingAsync() => Task.CompletedTask;

    public Task<int> AddAsync(int a, int b) => Task.FromResult(a + b);

    public ValueTask TouchAsync() => ValueTask.CompletedTask;

    public async ValueTask<string> EchoAsync(string text)
    {
        await Task.Yield();
        return text;
    }

    public Task<ComplexPayload> RoundTripAsync(ComplexPayload payload) => Task.FromResult(payload);

    public async Task ThrowAsync(string kind, string message)
    {
        await Task.Yield();
        throw kind switch
        {
            "argument" => new ArgumentException(message),
            "custom" => new GrainRuleViolationException(message),
            "opaque" => new OpaqueException(7),
            _ => new InvalidOperationException(message),
        };
    }

    public Task<int> ThrowSynchronouslyAsync(string message) => throw new InvalidOperationException(message);

    public Task RecordOneWayAsync(string text)
    {
        _recorded.Add(text);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetRecordedAsync() => Task.FromResult<IReadOnlyList<string>>([.. _recorded]);

    public async Task<bool> WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        _waiting = true;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            _cancellationObserved = true;
            throw;
        }
    }

    public Task<bool> WasCancellationObservedAsync() => Task.FromResult(_cancellationObserved);

    public Task<bool> IsWaitingForCancellationAsync() => Task.FromResult(_waiting);

    public Task PingAsync() => Task.CompletedTask;

    public Task HangAsync() => new TaskCompletionSource().Task;

    public Task HangWithShortTimeoutAsync() => new TaskCompletionSource().Task;

    public async Task<int> CallOtherAsync(IStringKeyGrain other) => (await other.GetKeyAsync()).Length;

    public Task<string> AskOtherForSiloAsync(string otherKey) => GrainFactory.GetGrain<IStringKeyGrain>(otherKey).GetSiloAsync();
}
