namespace OrleansAgents.Runtime.Tests.TestGrains;

/// <summary>Exercises every method shape and failure path.</summary>
public interface IBehaviorGrain : IGrainWithStringKey
{
    Task DoNothingAsync();

    Task<int> AddAsync(int a, int b);

    ValueTask TouchAsync();

    ValueTask<string> EchoAsync(string text);

    Task<ComplexPayload> RoundTripAsync(ComplexPayload payload);

    Task ThrowAsync(string kind, string message);

    Task<int> ThrowSynchronouslyAsync(string message);

    [OneWay]
    Task RecordOneWayAsync(string text);

    Task<IReadOnlyList<string>> GetRecordedAsync();

    Task<bool> WaitForCancellationAsync(CancellationToken cancellationToken);

    [AlwaysInterleave]
    Task<bool> IsWaitingForCancellationAsync();

    [AlwaysInterleave]
    Task<bool> WasCancellationObservedAsync();

    [AlwaysInterleave]
    Task PingAsync();

    Task HangAsync();

    [ResponseTimeout("00:00:00.200")]
    Task HangWithShortTimeoutAsync();

    Task<int> CallOtherAsync(IStringKeyGrain other);

    Task<string> AskOtherForSiloAsync(string otherKey);
}

public sealed record ComplexPayload(string Name, int[] Numbers, Dictionary<string, string?> Tags, ComplexPayload? Child);

/// <summary>A custom exception with the usual message constructor.</summary>
public sealed class GrainRuleViolationException(string message) : Exception(message);

/// <summary>An exception without a message constructor: it cannot be recreated on the caller's side.</summary>
public sealed class OpaqueException(int code) : Exception($"opaque failure {code}");

/// <summary>An interface with a method the runtime cannot call: it must be rejected by name.</summary>
public interface IBadShapeGrain : IGrainWithStringKey
{
    int NotAsync();
}

/// <summary>A valid interface no grain class implements.</summary>
public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task PingAsync();
}
