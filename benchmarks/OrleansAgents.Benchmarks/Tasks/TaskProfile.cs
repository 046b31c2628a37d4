using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Runtime;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>
/// Where a no-op task's cost goes, per task, over a closed-loop run of <see cref="Submitters"/> submitters on one
/// silo: CPU time, allocation, thread-pool work items, lock contentions, GC pauses, storage and reminder-table
/// operations (through counting wrappers of the in-memory providers); then the allocation by type, sampled from
/// the runtime's allocation events during a second run.
/// </summary>
internal static class TaskProfile
{
    private const int Submitters = 16;
    private static readonly int TopTypes = int.TryParse(Environment.GetEnvironmentVariable("TOPTYPES"), out var n) ? n : 30;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static async Task PrintAsync()
    {
        var storage = new CountingGrainStorage();
        var reminders = new CountingReminderTable();
        using var sampler = new AllocationSampler();
        var cluster = await TaskCluster.StartAsync(silo =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, storage);
            silo.Services.AddSingleton<IReminderTable>(reminders);
        }).ConfigureAwait(false);
        try
        {
            var grains = cluster.Primary.GrainFactory;
            await TaskLoad.RunAsync(grains, Submitters, TimeSpan.FromSeconds(1)).ConfigureAwait(false);

            storage.Counts.Clear();
            reminders.Counts.Clear();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var workItems = ThreadPool.CompletedWorkItemCount;
            var contentions = Monitor.LockContentionCount;
            var run = await TaskLoad.RunAsync(grains, Submitters, Duration).ConfigureAwait(false);
            double tasks = run.Completed;
            var table = new TextTable("Per no-op task (" + Submitters + " submitters, " + run.Completed.ToString("N0", CultureInfo.InvariantCulture) + " tasks)", "value");
            table.Add("CPU time, all threads (µs)", Format((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / tasks, "F1"));
            table.Add("  of which GC pauses, wall clock (µs)", Format(run.GcPause.TotalMicroseconds / tasks, "F1"));
            table.Add("bytes allocated, all threads", Format((GC.GetTotalAllocatedBytes(precise: true) - allocated) / tasks, "N0"));
            table.Add("managed heap retained after the run (in-memory records, index)", Format((GC.GetTotalMemory(forceFullCollection: true) - heap) / tasks, "N0"));
            table.Add("thread-pool work items", Format((ThreadPool.CompletedWorkItemCount - workItems) / tasks, "F2"));
            table.Add("lock contentions", Format((Monitor.LockContentionCount - contentions) / tasks, "F3"));
            table.Add("GCs gen0/1/2 in the run", $"{run.Collections.Gen0}/{run.Collections.Gen1}/{run.Collections.Gen2}");
            foreach (var (name, count) in storage.Counts.Concat(reminders.Counts).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                table.Add($"storage/reminder table: {name}", Format(count / tasks, name.EndsWith("bytes", StringComparison.Ordinal) ? "N0" : "F3"));
            }

            Console.WriteLine();
            Console.WriteLine($"No-op agent tasks, per task ({Duration.TotalSeconds:F0} s closed loop after a 1 s warm-up, in this process):");
            Console.WriteLine(table);

            sampler.Start();
            var sampled = await TaskLoad.RunAsync(grains, Submitters, Duration).ConfigureAwait(false);
            sampler.Stop();
            PrintAllocations(sampler.BytesByType, sampled.Completed);
        }
        finally
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void PrintAllocations(IReadOnlyDictionary<string, long> bytesByType, int tasks)
    {
        var total = bytesByType.Values.Sum();
        var table = new TextTable($"Allocated type (sampled, {tasks:N0} tasks)", "B/task", "share");
        foreach (var (type, bytes) in bytesByType.OrderByDescending(p => p.Value).Take(TopTypes))
        {
            table.Add(type, Format((double)bytes / tasks, "N0"), Format((double)bytes / total, "P1"));
        }

        table.Add("all types", Format((double)total / tasks, "N0"), Format(1, "P1"));
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
