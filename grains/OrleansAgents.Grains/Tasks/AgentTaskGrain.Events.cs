using Microsoft.Extensions.Logging;
using OrleansAgents.Streams;

namespace OrleansAgents.Agents;

/// <summary>
/// Task event streams. A task publishes its persisted snapshots only while a watcher's lease lasts: with nobody
/// watching, publishing is one field test — no grain call, activation or write per task.
/// </summary>
internal sealed partial class AgentTaskGrain
{
    private static readonly TimeSpan MinimumWatchLease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumWatchLease = TimeSpan.FromMinutes(10);

    /// <summary>Until when (a <see cref="TimeProvider"/> timestamp) someone watches; 0 if nobody ever did in this activation.</summary>
    private long _watchedUntil;
    private IAsyncStream<AgentTaskSnapshot>? _events;

    public Task<AgentTaskSnapshot> WatchAsync(AgentCaller caller, TimeSpan lease)
    {
        var task = Visible(caller);
        if (!task.Status.IsTerminal())
        {
            var clamped = lease < MinimumWatchLease ? MinimumWatchLease : lease > MaximumWatchLease ? MaximumWatchLease : lease;
            var until = _time.GetTimestamp() + (long)(clamped.TotalSeconds * _time.TimestampFrequency);
            _watchedUntil = Math.Max(_watchedUntil, until);
        }

        return Task.FromResult(task);
    }

    public async Task<AgentTaskEventPage> ReadEventsAsync(AgentCaller caller, long afterSequence, TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var task = Visible(caller);
        if (afterSequence >= task.Sequence && !task.Status.IsTerminal() && wait > TimeSpan.Zero)
        {
            var slice = wait > AgentTaskWaiting.MaxWaitPerCall ? AgentTaskWaiting.MaxWaitPerCall : wait;
            try
            {
                await _eventsChanged.Task.WaitAsync(slice, _time).ConfigureAwait(true);
            }
            catch (TimeoutException)
            {
                // Nothing new within the wait: answer with no events (the reader asks again).
            }

            task = Visible(caller);
        }

        return EventsAfter(task, afterSequence);
    }

    /// <summary>The persisted events after <paramref name="afterSequence"/>; a record written before tasks kept events yields its snapshot as one.</summary>
    private AgentTaskEventPage EventsAfter(AgentTaskSnapshot task, long afterSequence)
    {
        var events = _persistedEvents.Count > 0 ? _persistedEvents : [AgentTaskEvent.Of(task)];
        var first = events[0].Sequence;
        var skip = (int)Math.Clamp(afterSequence - first + 1, 0, events.Count);
        return new AgentTaskEventPage
        {
            Task = task,
            Events = skip == 0 ? events : events.Skip(skip).ToArray(),
            FirstSequence = first,
        };
    }

    /// <summary>Publishes a snapshot that was just persisted, if someone watches; called in order, under the write gate.</summary>
    private Task PublishTransitionAsync(AgentTaskSnapshot persisted) =>
        _watchedUntil == 0 ? Task.CompletedTask : PublishWatchedAsync(persisted);

    private async Task PublishWatchedAsync(AgentTaskSnapshot persisted)
    {
        if (_time.GetTimestamp() > _watchedUntil)
        {
            _watchedUntil = 0;
            return;
        }

        try
        {
            _events ??= this.GetStreamProvider(AgentTaskStreams.ProviderName).GetStream<AgentTaskSnapshot>(AgentTaskStreams.For(TaskId));
            await _events.OnNextAsync(persisted).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            // The task's own progress never depends on its watchers; a watcher catches up at its next lease renewal.
            EventsLog.PublishFailed(_logger, exception, TaskId, persisted.Status);
        }
    }

    private static partial class EventsLog
    {
        [LoggerMessage(6006, LogLevel.Warning, "Task {TaskId}: publishing the {Status} event to its watchers failed")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string taskId, AgentTaskStatus status);
    }
}
