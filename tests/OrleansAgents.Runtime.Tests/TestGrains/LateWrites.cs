using System.Collections.Concurrent;

namespace OrleansAgents.Runtime.Tests.TestGrains;

/// <summary>Gates for <see cref="IStatefulGrain.StartLateIncrementAsync"/>: the test opens one and reads the write's outcome.</summary>
public static class LateWrites
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new();

    public static Entry For(string key) => Entries.GetOrAdd(key, _ => new Entry());

    /// <summary>Lets the grain's flow write, and returns what the write threw (<c>null</c> if it succeeded).</summary>
    public static Task<Exception?> Open(string key)
    {
        var entry = For(key);
        entry.Gate.TrySetResult();
        return entry.Outcome.Task;
    }

    public sealed class Entry
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<Exception?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
