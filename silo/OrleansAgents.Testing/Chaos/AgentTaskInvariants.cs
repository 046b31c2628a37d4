using System.Text;
using OrleansAgents.Agents;

namespace OrleansAgents.Testing;

/// <summary>
/// The agent-task invariants, checked against every task record storage applied (<see cref="StorageHistory.AgentTasks"/>):
/// a task reaches one terminal status, which is never rewritten (every later write keeps its status, output and error),
/// and — once the cluster has settled — no task is left unfinished.
/// </summary>
public static class AgentTaskInvariants
{
    /// <summary>
    /// The tasks whose records changed after they were terminal (another status, output or error), one line each;
    /// empty when none did.
    /// </summary>
    public static IReadOnlyList<string> TerminalRewrites(StorageHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var violations = new List<string>();
        foreach (var (taskId, writes) in history.AgentTasks())
        {
            var first = writes.FirstOrDefault(w => w.Status.IsTerminal());
            if (first is null)
            {
                continue;
            }

            var terminal = Describe(first);
            var at = writes.ToList().IndexOf(first);
            foreach (var later in writes.Skip(at + 1))
            {
                if (Describe(later) != terminal)
                {
                    violations.Add($"task {taskId} was written {terminal} (sequence {first.Sequence}) and later {Describe(later)} (sequence {later.Sequence})");
                    break;
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// The tasks whose applied records do not count up (<see cref="AgentTaskSnapshot.Sequence"/>): every applied write
    /// carries the task's events after the previous write's: the first write is sequence 1, or 2 when a submit writes its
    /// Pending and first Running together, and each later one is the next number. A repeat, a step back or a skip is a
    /// write made over another without seeing it (a stale activation, a lost ETag check). One line each; empty when all
    /// count up.
    /// </summary>
    public static IReadOnlyList<string> BrokenSequences(StorageHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var violations = new List<string>();
        foreach (var (taskId, writes) in history.AgentTasks())
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var broken = i == 0 ? writes[0].Sequence is < 1 or > 2 : writes[i].Sequence != writes[i - 1].Sequence + 1;
                if (broken)
                {
                    violations.Add($"task {taskId}: applied write {i + 1} carries sequence {writes[i].Sequence} ({string.Join(",", writes.Select(w => w.Sequence))})");
                    break;
                }
            }
        }

        return violations;
    }

    /// <summary>The tasks whose last applied record is not terminal, one line each; empty when every task finished.</summary>
    public static IReadOnlyList<string> Unfinished(StorageHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return [.. history.AgentTasks()
            .Where(t => !t.Value[^1].Status.IsTerminal())
            .Select(t => $"task {t.Key} was last written {t.Value[^1].Status} (sequence {t.Value[^1].Sequence}, attempt {t.Value[^1].Attempts})")];
    }

    /// <summary>What a terminal record must keep: status, output and error.</summary>
    public static string Describe(AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = new StringBuilder().Append(task.Status);
        text.Append(" output=").Append(task.Output?.GetRawText() ?? "null");
        if (task.Error is { } error)
        {
            text.Append(" error=").Append(error.Type).Append(": ").Append(error.Message);
        }

        return text.ToString();
    }
}
