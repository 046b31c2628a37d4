using System.Text.Json;

namespace OrleansAgents.Cluster.Tests.Infrastructure;

/// <summary>One JSON line of the client process's workload (see tests/OrleansAgents.ClientProcess/Workload.cs).</summary>
internal sealed record WorkloadLine(string Kind, string? Id, JsonElement Json)
{
    public long T => Json.GetProperty("t").GetInt64();

    public string Str(string name) => Json.GetProperty(name).GetString()!;

    public long Long(string name) => Json.GetProperty(name).GetInt64();

    /// <summary>The workload's lines in the order written, skipping anything that is not a JSON object (log lines).</summary>
    public static IReadOnlyList<WorkloadLine> Read(ChildProcess client) =>
        [.. client.Output.Select(Parse).OfType<WorkloadLine>()];

    public static WorkloadLine? Parse(string line)
    {
        if (!line.StartsWith("{\"e\":", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(line);
        var json = document.RootElement.Clone();
        return new WorkloadLine(json.GetProperty("e").GetString()!, json.TryGetProperty("id", out var id) ? id.GetString() : null, json);
    }
}

/// <summary>What every failover run must show, from the client's lines.</summary>
internal static class WorkloadAssertions
{
    private static readonly string[] TerminalStatuses = ["Succeeded", "Failed", "Cancelled", "TimedOut"];

    /// <summary>
    /// Every task ended exactly once, succeeded with its output, none left running; every watcher saw every transition of
    /// its task once, in order (sequences 1, 2, 3, ...), ending with the terminal one; every failed call failed within
    /// the client's timeout and was retried.
    /// </summary>
    public static void EveryTaskEndedOnceWithItsOutput(IReadOnlyList<WorkloadLine> lines, int tasks, int slow, string transcript)
    {
        var summary = Assert.Single(lines, l => l.Kind == "summary");
        Assert.True(summary.Long("tasks") == tasks && summary.Long("succeeded") == tasks, $"summary: {summary.Json}\n{Tail(transcript)}");

        var submitted = lines.Where(l => l.Kind == "submitted").Select(l => l.Id!).Distinct().ToList();
        Assert.Equal(tasks, submitted.Count);
        var terminals = lines.Where(l => l.Kind == "terminal").GroupBy(l => l.Id!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(tasks, terminals.Count);
        foreach (var (id, ends) in terminals)
        {
            var end = Assert.Single(ends);
            Assert.True(end.Str("status") == "Succeeded" && end.Json.GetProperty("outputOk").GetBoolean(), $"task {id} ended {end.Json}");
        }

        var events = lines.Where(l => l.Kind == "event").GroupBy(l => l.Id!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(slow, events.Count);
        foreach (var (id, seen) in events)
        {
            // Every transition, once and in order: a watcher that subscribed again resumed after the last sequence it saw,
            // so the sequences it saw are exactly 1, 2, 3, ... up to the terminal one, whatever silo died meanwhile.
            var sequences = seen.Select(e => e.Long("seq")).ToList();
            Assert.True(sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)),
                $"task {id}: the watcher saw sequences {string.Join(",", sequences)}, not 1..{sequences.Count} once each");

            Assert.Contains(seen, e => e.Str("status") == "Running");
            var firstEnd = seen.FindIndex(e => TerminalStatuses.Contains(e.Str("status")));
            Assert.True(firstEnd == seen.Count - 1, $"task {id}: the watcher saw no terminal status last: {string.Join(" ", seen.Select(e => e.Json.ToString()))}");
        }

        foreach (var retry in lines.Where(l => l.Kind == "retry"))
        {
            // The client's response timeout is 10 s; a wait call holds for up to 5 s more.
            Assert.True(retry.Long("afterMs") < 20_000, $"a call failed only after {retry.Long("afterMs")} ms: {retry.Json}");
        }
    }

    /// <summary>
    /// For the slow tasks unfinished at <paramref name="killedAt"/>: the time from the kill to each one's first persisted
    /// transition after it (its <c>updatedAt</c>, stamped by the silo running it). The largest is when every orphaned
    /// task was running again (to within one step).
    /// </summary>
    public static (long MaxMs, IReadOnlyList<long> PerTaskMs) RecoveryAfter(IReadOnlyList<WorkloadLine> lines, long killedAt)
    {
        var perTask = new List<long>();
        var endedBefore = EndedBefore(lines, killedAt);
        foreach (var group in lines.Where(l => l.Kind == "event").GroupBy(l => l.Id!))
        {
            if (endedBefore.Contains(group.Key))
            {
                continue;
            }

            var after = group.Select(e => e.Long("updatedAt")).Where(u => u >= killedAt).DefaultIfEmpty(long.MaxValue).Min();
            perTask.Add(after - killedAt);
        }

        return (perTask.Count == 0 ? 0 : perTask.Max(), perTask);
    }

    /// <summary>The tasks whose watcher saw a terminal transition made (its <c>updatedAt</c>) before <paramref name="killedAt"/>.</summary>
    public static IReadOnlySet<string> EndedBefore(IReadOnlyList<WorkloadLine> lines, long killedAt) =>
        lines.Where(l => l.Kind == "event" && TerminalStatuses.Contains(l.Str("status")) && l.Long("updatedAt") < killedAt)
            .Select(l => l.Id!).ToHashSet(StringComparer.Ordinal);

    public static string Tail(string transcript) => string.Join('\n', transcript.Split('\n').TakeLast(60));
}
