using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Lifecycle;
using Xunit;

namespace OrleansAgents.Grains.Tests.Lifecycle;

/// <summary>
/// The task lifecycle (<see cref="AgentTaskLifecycle"/>) over generated sequences of changes, crashes, duplicated and
/// stale deliveries and writes that land unseen (<see cref="LifecycleRun"/>): the invariants hold over every stored state.
/// A failing sequence shrinks to a minimal one (FsCheck shrinks the operation list and its numbers).
/// </summary>
public sealed class AgentTaskLifecyclePropertyTests
{
    private static Arbitrary<int[]> Operations => ArbMap.Default.ArbFor<int[]>();

    [Fact]
    public void Every_generated_history_keeps_the_invariants()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(60), Prop.ForAll(Operations, operations =>
        {
            var run = LifecycleRun.Of(operations);
            var broken = Violations(run).FirstOrDefault();
            return broken is null ? true : throw new InvalidOperationException($"{broken}\nOperations: {string.Join(", ", run.Log)}");
        }));
    }

    [Fact]
    public void A_lifecycle_that_lets_a_terminal_task_change_is_caught_and_shrunk_to_a_short_sequence()
    {
        // A mutant that forgets that a terminal status is final (a second Finish rewrites it).
        static AgentTaskTransition Mutant(AgentTaskLifecycleState state, AgentTaskChange change, int maxAttempts, DateTimeOffset at)
        {
            if (state.Task is { } task && task.Status.IsTerminal() && change is AgentTaskChange.Finish finish && finish.Status != task.Status)
            {
                var reopened = state with { Task = task with { Status = AgentTaskStatus.Running } };
                return AgentTaskLifecycle.Apply(reopened, change, maxAttempts, at);
            }

            return AgentTaskLifecycle.Apply(state, change, maxAttempts, at);
        }

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(60),
            Prop.ForAll(Operations, operations => Violations(LifecycleRun.Of(operations, Mutant)).FirstOrDefault() is null)));

        // FsCheck prints the counterexample as "Original:\n[|a; b; ...|]" and, when it could shrink it, "Shrunk:\n[|...|]"
        // after that. The last one must still break the mutant, and be minimal: without any one of its operations the
        // mutant passes.
        var shrunk = Regex.Matches(failure.Message, @"(Original|Shrunk):\s*\[\|(?<ops>[^|]*)\|\]").LastOrDefault();
        Assert.True(shrunk is not null, failure.Message);
        var operations = shrunk.Groups["ops"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.InRange(operations.Length, 2, 10);
        Assert.NotEmpty(Violations(LifecycleRun.Of(operations, Mutant)));
        for (var i = 0; i < operations.Length; i++)
        {
            var without = operations.Where((_, n) => n != i).ToArray();
            Assert.True(!Violations(LifecycleRun.Of(without, Mutant)).Any(), $"[{string.Join(", ", operations)}] is not minimal: it still fails without operation {i}");
        }
    }

    [Fact]
    public void Attempts_are_used_up_by_crashes_and_the_task_then_fails_with_the_last_error_kept()
    {
        // Start, fail (retryable), start, crash, start (the crashed attempt counts), start again: over the limit of 3.
        var run = LifecycleRun.Of([0, 1, 0, 6, 0, 6, 0]);
        var final = run.History[^1].Stored.State;

        Assert.Equal(AgentTaskStatus.Failed, final.Task!.Status);
        Assert.Equal(LifecycleRun.MaxAttempts, final.Task.Attempts);
        Assert.Equal("failure 0", final.Task.Error!.Message);
        Assert.Empty(Violations(run));
    }

    [Fact]
    public void A_write_that_landed_unseen_is_found_by_its_etag_and_the_change_reapplied_not_lost()
    {
        // Start, a progress write that lands while its writer hears a timeout, then a finish: the writer's ETag is stale.
        var run = LifecycleRun.Of([0, 429, 5]);
        var final = run.History[^1].Stored.State.Task!;

        Assert.Equal(AgentTaskStatus.Succeeded, final.Status);
        Assert.Contains(run.History, h => h.Stored.State.Task!.Progress.Message == "landed");
        Assert.Equal(Enumerable.Range(1, (int)final.Sequence).Select(i => (long)i), run.History[^1].Stored.Events.Select(e => e.Sequence));
        Assert.Empty(Violations(run));
    }

    /// <summary>The invariants, checked over the whole stored history; each violation says what broke.</summary>
    private static IEnumerable<string> Violations(LifecycleRun run)
    {
        AgentTaskSnapshot? previous = null;
        for (var i = 0; i < run.History.Count; i++)
        {
            var (stored, change) = run.History[i];
            var task = stored.State.Task!;
            if (previous is { } before && before.Status.IsTerminal())
            {
                yield return $"write {i} ({change.GetType().Name}) rewrote a task that had ended {before.Status} as {task.Status}";
            }

            if (stored.Events.Select(e => e.Sequence).Where((s, n) => s != n + 1).Any() || stored.Events[^1].Sequence != task.Sequence)
            {
                yield return $"write {i}: events are not numbered 1..{task.Sequence} without gaps: {string.Join(",", stored.Events.Select(e => e.Sequence))}";
            }

            if (previous is not null && task.Sequence <= previous.Sequence)
            {
                yield return $"write {i}: sequence {task.Sequence} does not follow {previous.Sequence}";
            }

            if (stored.State.StepAttempts > LifecycleRun.MaxAttempts || task.Attempts < stored.State.StepAttempts || (task.Status == AgentTaskStatus.Running && task.Attempts == 0))
            {
                yield return $"write {i}: attempts out of policy: step {stored.State.StepAttempts}, task {task.Attempts}, status {task.Status}";
            }

            if (previous?.Error is not null && task.Error is null)
            {
                yield return $"write {i}: the last error was dropped";
            }

            if (task.Progress.Percent is < 0 or > 100 || (task.Status == AgentTaskStatus.Succeeded && task.Progress.Percent != 100))
            {
                yield return $"write {i}: progress {task.Progress.Percent} with status {task.Status}";
            }

            if (task.Status.IsTerminal() && change is AgentTaskChange.Finish finish)
            {
                if (task.Status != finish.Status || !JsonEquals(task.Output, finish.Output) || (finish.Error is { } error && task.Error != error))
                {
                    yield return $"write {i}: ended {task.Status} with output {task.Output} and error {task.Error}, not as finished ({finish})";
                }
            }
            else if (task.Status.IsTerminal() && (task.Status != AgentTaskStatus.Failed || task.Error is null))
            {
                yield return $"write {i}: ended {task.Status} by {change.GetType().Name} without a Failed status and an error";
            }

            previous = task;
        }
    }

    private static bool JsonEquals(JsonElement? a, JsonElement? b) =>
        a is null ? b is null : b is not null && JsonElement.DeepEquals(a.Value, b.Value);
}
