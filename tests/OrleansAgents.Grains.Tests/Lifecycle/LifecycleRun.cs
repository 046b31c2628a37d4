using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Lifecycle;

namespace OrleansAgents.Grains.Tests.Lifecycle;

/// <summary>
/// Runs a sequence of operations against the lifecycle the way the task grain and its storage do: an activation that
/// applies changes and writes them with an ETag, crashes that drop its memory, duplicated and stale deliveries, a second
/// (zombie) activation writing with an old ETag, and writes that land although their writer was told they timed out.
/// Every stored state is recorded, for the invariants to be checked over the whole history.
/// </summary>
internal sealed class LifecycleRun
{
    public const int MaxAttempts = 3;
    private static readonly string[] Route = ["a", "b", "c"];
    private readonly Func<AgentTaskLifecycleState, AgentTaskChange, int, DateTimeOffset, AgentTaskTransition> _apply;
    private Copy _stored = new(default, [], 0);
    private Copy _live;
    private Copy _zombie;
    private AgentTaskChange? _last;
    private DateTimeOffset _now = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    public LifecycleRun(Func<AgentTaskLifecycleState, AgentTaskChange, int, DateTimeOffset, AgentTaskTransition> apply)
    {
        _apply = apply;
        _live = _stored;
        _zombie = _stored;
    }

    /// <summary>Every state storage accepted, in order, with the change that made it.</summary>
    public List<(Copy Stored, AgentTaskChange Change)> History { get; } = [];

    /// <summary>The operations run, as read from the generated numbers (for failure messages).</summary>
    public List<string> Log { get; } = [];

    public static LifecycleRun Of(IEnumerable<int> operations, Func<AgentTaskLifecycleState, AgentTaskChange, int, DateTimeOffset, AgentTaskTransition>? apply = null)
    {
        var run = new LifecycleRun(apply ?? AgentTaskLifecycle.Apply);
        run.Write(ref run._live, new AgentTaskChange.Submit("t", Route, "u", "r", JsonSerializer.SerializeToElement("in"), null), landsSilently: false);
        foreach (var operation in operations)
        {
            run.Step(operation);
        }

        return run;
    }

    private void Step(int operation)
    {
        var code = Math.Abs(operation % 1000);
        var kind = code % 10;
        var arg = code / 10;
        _now = _now.AddMilliseconds(1 + arg);
        var task = _live.State.Task!;
        switch (kind)
        {
            case 0:
                Do(new AgentTaskChange.StartAttempt(task.StepIndex));
                break;
            case 1:
                Do(new AgentTaskChange.AttemptFailed(new AgentError("E", $"failure {arg}", arg % 2 == 0, Route[task.StepIndex])));
                break;
            case 2:
                Do(task.StepIndex + 1 < Route.Length
                    ? new AgentTaskChange.Advance(task.StepIndex + 1)
                    : new AgentTaskChange.Finish(AgentTaskStatus.Succeeded, JsonSerializer.SerializeToElement(arg), null));
                break;
            case 3:
                Do(task.StepIndex + 1 < Route.Length
                    ? new AgentTaskChange.FanOut(task.StepIndex + 1, [$"t-0", $"t-1"])
                    : new AgentTaskChange.Progress(task.StepIndex, arg % 101, $"p{arg}"));
                break;
            case 4:
                Do(new AgentTaskChange.Progress(task.StepIndex, arg % 101, $"p{arg}"));
                break;
            case 5:
                var status = (arg % 4) switch { 0 => AgentTaskStatus.Succeeded, 1 => AgentTaskStatus.Failed, 2 => AgentTaskStatus.Cancelled, _ => AgentTaskStatus.TimedOut };
                Do(new AgentTaskChange.Finish(status, status == AgentTaskStatus.Succeeded ? JsonSerializer.SerializeToElement(arg) : null, status == AgentTaskStatus.Failed ? new AgentError("F", $"fatal {arg}", false, null) : null));
                break;
            case 6:
                // The silo crashes: the activation's memory is gone; the next one starts from storage.
                Log.Add("crash");
                _live = _stored;
                break;
            case 7:
                // The last change is delivered again (a retried call, a duplicated message).
                if (_last is not null)
                {
                    Log.Add($"again {_last.GetType().Name}");
                    Write(ref _live, _last, landsSilently: false);
                }

                break;
            case 8:
                // A zombie activation (left behind by a membership change) writes from the state it last read.
                Log.Add("zombie");
                Write(ref _zombie, new AgentTaskChange.Progress(_zombie.State.Task?.StepIndex ?? 0, arg % 101, "zombie"), landsSilently: false);
                _zombie = _stored;
                break;
            default:
                // A write lands although its writer was told it timed out: the writer keeps its old state and ETag.
                Log.Add("timed-out write");
                Write(ref _live, new AgentTaskChange.Progress(task.StepIndex, arg % 101, "landed"), landsSilently: true);
                break;
        }
    }

    private void Do(AgentTaskChange change)
    {
        Log.Add(change.GetType().Name);
        _last = change;
        Write(ref _live, change, landsSilently: false);
    }

    /// <summary>What the grain's UpdateAsync does: apply, write with the ETag, and on a conflict re-read and re-apply.</summary>
    private void Write(ref Copy writer, AgentTaskChange change, bool landsSilently)
    {
        for (var conflicts = 0; conflicts < 3; conflicts++)
        {
            var transition = _apply(writer.State, change, MaxAttempts, _now);
            if (!transition.Changed)
            {
                return;
            }

            if (writer.ETag != _stored.ETag)
            {
                writer = _stored;
                continue;
            }

            var written = new Copy(transition.Next, [.. writer.Events, .. transition.Events], _stored.ETag + 1);
            _stored = written;
            History.Add((written, change));
            if (!landsSilently)
            {
                writer = written;
            }

            return;
        }
    }

    /// <summary>One copy of the task's stored record: the lifecycle state, its events and the ETag it was read with.</summary>
    internal sealed record Copy(AgentTaskLifecycleState State, IReadOnlyList<AgentTaskEvent> Events, int ETag);
}
