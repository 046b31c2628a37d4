using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Runtime;

namespace OrleansAgents.Benchmarks.Memory;

/// <summary>
/// Which objects an idle activation of an empty grain keeps, each measured on its own the same way as the whole
/// (retained bytes of 100,000 of them, less the 8-byte array slot that holds each): the catalog's dictionary
/// entry, the grain key string, the <see cref="ActivationData"/> with its lock, the request queue left after the
/// first call, and the grain object. Their sum should match the measured whole.
/// </summary>
internal static class MemoryBreakdown
{
    public static string Measure(IServiceProvider silo, int count)
    {
        var catalog = silo.GetRequiredService<Catalog>();
        var grainClass = new GrainClassInfo(typeof(EmptyGrain));
        var keys = Enumerable.Range(0, count).Select(i => new GrainId(grainClass.GrainType, GrainKey.FromLong(i))).ToArray();
        var values = Enumerable.Range(0, count).Select(_ => new object()).ToArray();
        var parts = new List<(string Name, double Bytes)>
        {
            ("Catalog entry: ConcurrentDictionary<GrainId, ActivationData> node + buckets", PerItem(() =>
            {
                var entries = new ConcurrentDictionary<GrainId, object>();
                for (var i = 0; i < count; i++)
                {
                    entries[keys[i]] = values[i];
                }

                return entries;
            }, count, holder: false)),
            ("Grain key string (GrainKey.FromLong)", PerItem(() => Fill(count, i => GrainKey.FromLong(i).Value), count, holder: true)),
            ("ActivationData + its Lock", PerItem(() => Fill(count, i => new ActivationData(catalog, grainClass, keys[i])), count, holder: true)),
            ("Request queue kept after first use (Queue<object>, capacity 4)", PerItem(() => Fill(count, _ => UsedQueue()), count, holder: true)),
            ("EmptyGrain instance", PerItem(() => Fill(count, _ => RuntimeHelpers.GetUninitializedObject(typeof(EmptyGrain))), count, holder: true)),
        };

        GC.KeepAlive(values);
        var table = new TextTable("Per-activation component (each measured alone, 100,000 x)", "bytes/item");
        foreach (var (name, bytes) in parts)
        {
            table.Add(name, bytes.ToString("F1", CultureInfo.InvariantCulture));
        }

        table.Add("Sum of components", parts.Sum(p => p.Bytes).ToString("F1", CultureInfo.InvariantCulture));
        return table.ToString();
    }

    private static Queue<object> UsedQueue()
    {
        var queue = new Queue<object>();
        queue.Enqueue(queue);
        queue.Dequeue();
        return queue;
    }

    private static object[] Fill(int count, Func<int, object> create)
    {
        var items = new object[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = create(i);
        }

        return items;
    }

    /// <summary>Retained bytes per item; <paramref name="holder"/> subtracts the 8-byte slot of the array that holds each item.</summary>
    private static double PerItem(Func<object> create, int count, bool holder) =>
        ((double)MemoryHarness.MeasureRetained(create) / count) - (holder ? IntPtr.Size : 0);
}
