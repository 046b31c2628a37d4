using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Simulation.Tests;

/// <summary>
/// The agent-task invariants, checked against every write storage applied (<see cref="StorageHistory"/>): once a task's
/// record is terminal it never changes (no second terminal status, no persisted output lost or replaced), and — at the
/// end of a workload that waited for its tasks — every task that was written is terminal.
/// </summary>
public sealed class AgentTaskInvariants(TestingHost.Simulation simulation)
{
    private readonly Dictionary<GrainId, string> _terminal = [];
    private int _checked;

    /// <summary>Registers the step-by-step check with the simulation.</summary>
    public AgentTaskInvariants Register()
    {
        simulation.AddInvariant("a terminal agent task never changes", CheckNewWrites);
        return this;
    }

    /// <summary>Checks the writes applied since the last call.</summary>
    public string? CheckNewWrites()
    {
        var writes = simulation.Storage.Writes;
        for (; _checked < writes.Count; _checked++)
        {
            var write = writes[_checked];
            if (write.StateName != "task" || write.Json.Length == 0)
            {
                continue;
            }

            var task = Read(write.Json);
            if (task is null)
            {
                continue;
            }

            var canonical = Canonical(task);
            if (_terminal.TryGetValue(write.GrainId, out var terminal))
            {
                if (canonical != terminal)
                {
                    return $"task {task.TaskId} was terminal ({terminal}) and then written as {canonical} (write {write.Sequence} at {write.VirtualTime})";
                }
            }
            else if (task.Status.IsTerminal())
            {
                _terminal[write.GrainId] = canonical;
            }
        }

        return null;
    }

    /// <summary>Every task with a record ended in a terminal status.</summary>
    public string? CheckAllTerminal()
    {
        var last = new Dictionary<GrainId, AgentTaskSnapshot>();
        foreach (var write in simulation.Storage.Writes.Where(w => w.StateName == "task" && w.Json.Length > 0))
        {
            if (Read(write.Json) is { } task)
            {
                last[write.GrainId] = task;
            }
        }

        var open = last.Values.Where(t => !t.Status.IsTerminal()).Select(t => $"{t.TaskId} ({t.Status})").ToArray();
        return open.Length == 0 ? null : $"{open.Length} task(s) never reached a terminal status: {string.Join(", ", open)}";
    }

    /// <summary>How many tasks reached a terminal status.</summary>
    public int TerminalCount => _terminal.Count;

    private static AgentTaskSnapshot? Read(byte[] json) => JsonSerializer.Deserialize<AgentTaskState>(json)?.Task;

    /// <summary>What must never change once terminal: status, output and error (progress and timestamps are included too).</summary>
    private static string Canonical(AgentTaskSnapshot task) =>
        $"{task.Status} output={task.Output?.GetRawText() ?? "null"} error={task.Error?.Type}:{task.Error?.Message}";
}
