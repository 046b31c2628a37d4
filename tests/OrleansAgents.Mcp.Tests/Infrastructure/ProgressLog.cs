using ModelContextProtocol;

namespace OrleansAgents.Mcp.Tests.Infrastructure;

/// <summary>Collects progress notifications as they arrive (synchronously, in order) and signals a chosen message.</summary>
public sealed class ProgressLog(string awaitedMessage) : IProgress<ProgressNotificationValue>
{
    private readonly List<ProgressNotificationValue> _values = [];
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a notification with the awaited message arrived.</summary>
    public Task Seen => _seen.Task;

    public IReadOnlyList<ProgressNotificationValue> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Report(ProgressNotificationValue value)
    {
        lock (_values)
        {
            _values.Add(value);
        }

        if (value.Message == awaitedMessage)
        {
            _seen.TrySetResult();
        }
    }
}
