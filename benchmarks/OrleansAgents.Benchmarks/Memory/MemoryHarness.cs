using System.Collections.Concurrent;
using System.Globalization;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Memory;

/// <summary>
/// What an idle activation of an empty grain keeps alive: the managed heap after a full collection, before and
/// after activating <see cref="Count"/> distinct grains, with every reference and task used for the calls
/// dropped. Baselines of the same run: as many plain objects, and as many entries of a dictionary keyed by
/// grain id (the least a directory of live grains can hold).
/// </summary>
internal static class MemoryHarness
{
    /// <summary>How many activations (and baseline objects) are measured.</summary>
    public const int Count = 100_000;

    /// <summary>The target: an idle empty activation costs at most this many bytes.</summary>
    public const double MaxBytesPerActivation = 1024;

    private const int WarmUpActivations = 1_000;
    private const int BatchSize = 1_000;

    public static async Task<List<TargetResult>> RunAsync()
    {
        var plainObjects = MeasureRetained(() =>
        {
            var objects = new object[Count];
            for (var i = 0; i < objects.Length; i++)
            {
                objects[i] = new object();
            }

            return objects;
        });

        var dictionaryEntries = MeasureRetained(() =>
        {
            var entries = new ConcurrentDictionary<GrainId, object>();
            for (var i = 0; i < Count; i++)
            {
                entries[new GrainId("empty", GrainKey.FromLong(i))] = new object();
            }

            return entries;
        });

        var (activations, activationCount, breakdown) = await MeasureActivationsAsync().ConfigureAwait(false);

        var table = new TextTable("Measurement", "count", "bytes retained", "bytes/item", "vs plain object");
        Add(table, "object (24 B) in an array", plainObjects, Count, plainObjects);
        Add(table, "ConcurrentDictionary<GrainId, object> entry", dictionaryEntries, Count, plainObjects);
        Add(table, "idle EmptyGrain activation", activations, activationCount, plainObjects);
        Console.WriteLine();
        Console.WriteLine($"Retained managed memory (GC.GetTotalMemory(forceFullCollection: true), after - before), {Count:N0} items:");
        Console.WriteLine(table);
        Console.WriteLine(breakdown);

        var perActivation = (double)activations / activationCount;
        return
        [
            new TargetResult(
                "idle empty activation: managed bytes retained",
                $"{perActivation.ToString("F0", CultureInfo.InvariantCulture)} B",
                $"<= {MaxBytesPerActivation:F0} B",
                perActivation <= MaxBytesPerActivation && activationCount == Count),
        ];
    }

    private static async Task<(long Bytes, int Activations, string Breakdown)> MeasureActivationsAsync()
    {
        var cluster = new TestClusterBuilder(1).ConfigureSilo(silo => silo.AddGrain<EmptyGrain>()).Build();
        await cluster.DeployAsync().ConfigureAwait(false);
        try
        {
            // Warm up the call path (JIT, pools, first-use queues) on keys outside the measured range.
            await ActivateAsync(cluster.Primary.GrainFactory, -WarmUpActivations, WarmUpActivations).ConfigureAwait(false);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            await ActivateAsync(cluster.Primary.GrainFactory, 0, Count).ConfigureAwait(false);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var activations = cluster.Primary.ActivationCount - WarmUpActivations;
            GC.KeepAlive(cluster);
            return (after - before, activations, MemoryBreakdown.Measure(cluster.Primary.Services, Count));
        }
        finally
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Calls <paramref name="count"/> grains from <paramref name="firstKey"/> on, <see cref="BatchSize"/> at a time.</summary>
    private static async Task ActivateAsync(IGrainFactory factory, long firstKey, int count)
    {
        var batch = new Task[BatchSize];
        for (var done = 0; done < count; done += BatchSize)
        {
            var size = Math.Min(BatchSize, count - done);
            for (var i = 0; i < size; i++)
            {
                batch[i] = factory.GetGrain<IEmptyGrain>(firstKey + done + i).TouchAsync();
            }

            await Task.WhenAll(batch.AsSpan(0, size)).ConfigureAwait(false);
            Array.Clear(batch);
        }
    }

    /// <summary>The managed bytes that <paramref name="create"/>'s result keeps alive, after full collections.</summary>
    internal static long MeasureRetained(Func<object> create)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var retained = create();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(retained);
        return after - before;
    }

    private static void Add(TextTable table, string name, long bytes, int count, long plainObjects)
    {
        var perItem = (double)bytes / count;
        table.Add(
            name,
            count.ToString("N0", CultureInfo.InvariantCulture),
            bytes.ToString("N0", CultureInfo.InvariantCulture),
            perItem.ToString("F1", CultureInfo.InvariantCulture),
            $"{(perItem / ((double)plainObjects / Count)).ToString("F1", CultureInfo.InvariantCulture)}x");
    }
}
