using OrleansAgents.Testing;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Where an agent task's time goes: grain calls per task by interface and method, bytes allocated per task (all
/// threads, client included) against an activation's, and tasks/s with the listing call and/or the recovery-index calls
/// dropped by <see cref="BenchCallFilter"/>, and with the index spread over many shards.
/// </summary>
internal static class ProfileHarness
{
    public static async Task RunAsync(TimeSpan duration)
    {
        Report.Section("profile: agent tasks, 1 silo, memory storage");
        var warm = TimeSpan.FromMilliseconds(700);
        await using (var cluster = await TasksHarness.DeployAsync(instrumented: true).ConfigureAwait(false))
        {
            await TasksHarness.ActivationsAsync(cluster, warm).ConfigureAwait(false);
            await TasksHarness.TasksAsync(cluster, warm).ConfigureAwait(false);

            var floor = await TasksHarness.ActivationsAsync(cluster, duration).ConfigureAwait(false);
            Report.Figure("activation floor, 16 callers", Report.N(floor.PerSecond) + "/s", null, null, $"{Report.N(floor.BytesPerOperation)} B/activation, p50 {Report.Ms(floor.Percentile(50))}");

            var stored = await TasksHarness.StoredAsync(cluster, duration).ConfigureAwait(false);
            Report.Figure("activation + state read + one write (no agent), 16 callers", Report.N(stored.PerSecond) + "/s", $"activation floor {Report.N(floor.PerSecond)}/s", stored.PerSecond / floor.PerSecond,
                $"{Report.N(stored.BytesPerOperation)} B/op, {Report.N(stored.CpuMicrosPerOperation)} µs CPU/op; floor {Report.N(floor.CpuMicrosPerOperation)} µs CPU/activation");

            BenchCallFilter.Calls.Clear();
            BenchCallFilter.CountCalls = true;
            var counted = await TasksHarness.TasksAsync(cluster, duration).ConfigureAwait(false);
            BenchCallFilter.CountCalls = false;
            await Task.Delay(1500).ConfigureAwait(false);
            Console.WriteLine($"silo-side outgoing grain calls per task ({Report.N(counted.Operations)} tasks; the client adds SubmitAsync + WaitAsync):");
            foreach (var (name, count) in BenchCallFilter.Calls.OrderByDescending(c => c.Value))
            {
                Console.WriteLine($"  {(double)count / counted.Operations,8:0.000}  {name}");
            }

            Console.WriteLine($"  {(double)BenchCallFilter.Calls.Values.Sum() / counted.Operations,8:0.000}  total");

            await VariantAsync(cluster, duration, floor, "tasks, as shipped (memory storage, 16 recovery shards)").ConfigureAwait(false);
            var one = await TasksHarness.TasksAsync(cluster, duration, callers: 1).ConfigureAwait(false);
            var oneFloor = await Load.RunAsync(1, duration, _ => cluster.Client.GetGrain<IActivateGrain>(Load.Next()).ActivateAsync(), latencies: true).ConfigureAwait(false);
            Report.Figure("tasks, 1 submitter (serial latency)", Report.N(one.PerSecond) + "/s", $"1-caller activation {Report.N(oneFloor.PerSecond)}/s, p50 {Report.Ms(oneFloor.Percentile(50))}", one.PerSecond / oneFloor.PerSecond,
                $"p50 {Report.Ms(one.Percentile(50))}, p99 {Report.Ms(one.Percentile(99))}");

            BenchStorage.SkipRecovery = true;
            await VariantAsync(cluster, duration, floor, "tasks, recovery index not stored").ConfigureAwait(false);
            BenchStorage.InProcess = true;
            await VariantAsync(cluster, duration, floor, "tasks, in-process storage, recovery not stored").ConfigureAwait(false);
            BenchStorage.SkipRecovery = false;
            await VariantAsync(cluster, duration, floor, "tasks, in-process storage (no storage grain calls)").ConfigureAwait(false);
            // No switching back: live activations hold ETags of the in-process storage, which memory storage rejects.
            BenchStorage.InProcess = false;
        }

        foreach (var shards in new[] { 1, 4096 })
        {
            await using var cluster = await TasksHarness.DeployAsync(instrumented: true, recoveryShards: shards).ConfigureAwait(false);
            await TasksHarness.TasksAsync(cluster, warm).ConfigureAwait(false);
            var floor = await TasksHarness.ActivationsAsync(cluster, duration).ConfigureAwait(false);
            await VariantAsync(cluster, duration, floor, $"tasks, {shards} recovery shard(s)").ConfigureAwait(false);
        }
    }

    private static async Task VariantAsync(AgentTestCluster cluster, TimeSpan duration, LoadResult floor, string name)
    {
        var tasks = await TasksHarness.TasksAsync(cluster, duration).ConfigureAwait(false);
        Report.Figure(name, Report.N(tasks.PerSecond) + "/s", $"activation floor {Report.N(floor.PerSecond)}/s", tasks.PerSecond / floor.PerSecond,
            $"p50 {Report.Ms(tasks.Percentile(50))}, p99 {Report.Ms(tasks.Percentile(99))}, {Report.N(tasks.BytesPerOperation)} B/task, {Report.N(tasks.CpuMicrosPerOperation)} µs CPU/task");
    }
}
