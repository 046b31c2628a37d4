using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Runtime;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// Process-wide counters per call, taken in this process around the same scenarios BenchmarkDotNet times:
/// thread-pool work items, lock contentions and bytes allocated on all threads. Then the allocation split of one
/// local grain call: what the caller's thread allocates while issuing it (proxy, message, completion) against
/// the whole call, and what the <see cref="DispatchProxy"/> machinery alone allocates.
/// </summary>
internal static class CallProfile
{
    private const int MeasuredInvocations = 5;
    private const int ProbeCalls = 20_000;

    public static void Print()
    {
        var table = new TextTable("Callers", "Benchmark", "work items/call", "lock contentions/call", "B/call (all threads)");
        foreach (var callers in new[] { 1, 16 })
        {
            var benchmarks = new CallBenchmarks { Callers = callers };
            benchmarks.Setup();
            try
            {
                Add(table, callers, "Channel<T> ping-pong", benchmarks.ChannelPingPong);
                Add(table, callers, "Grain call, in silo", benchmarks.LocalGrainCall);
                Add(table, callers, "Grain call, via client (JSON)", benchmarks.ClientGrainCall);
            }
            finally
            {
                benchmarks.Cleanup();
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Per-call counters ({MeasuredInvocations} x {CallBenchmarks.TotalCalls:N0} calls each, in this process, all threads):");
        Console.WriteLine(table);
        PrintAllocationSplit();
    }

    private static void Add(TextTable table, int callers, string name, Func<Task> invoke)
    {
        for (var i = 0; i < 2; i++)
        {
            invoke().GetAwaiter().GetResult();
        }

        var workItems = ThreadPool.CompletedWorkItemCount;
        var contentions = Monitor.LockContentionCount;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < MeasuredInvocations; i++)
        {
            invoke().GetAwaiter().GetResult();
        }

        double calls = MeasuredInvocations * CallBenchmarks.TotalCalls;
        table.Add(
            callers.ToString(CultureInfo.InvariantCulture),
            name,
            ((ThreadPool.CompletedWorkItemCount - workItems) / calls).ToString("F2", CultureInfo.InvariantCulture),
            ((Monitor.LockContentionCount - contentions) / calls).ToString("F3", CultureInfo.InvariantCulture),
            ((GC.GetTotalAllocatedBytes(precise: true) - allocated) / calls).ToString("F0", CultureInfo.InvariantCulture));
    }

    private static void PrintAllocationSplit()
    {
        var benchmarks = new CallBenchmarks { Callers = 1 };
        benchmarks.Setup();
        long callerThread = 0;
        long total;
        try
        {
            var grain = benchmarks.LocalGrain(0);
            for (var i = 0; i < 1_000; i++)
            {
                grain.PingAsync(i).GetAwaiter().GetResult();
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < ProbeCalls; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var call = grain.PingAsync(i);
                callerThread += GC.GetAllocatedBytesForCurrentThread() - before;
                call.GetAwaiter().GetResult();
            }

            total = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        }
        finally
        {
            benchmarks.Cleanup();
        }

        var proxy = DispatchProxy.Create<IPingGrain, NoOpProxy>();
        proxy.PingAsync(0);
        var proxyBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < ProbeCalls; i++)
        {
            proxy.PingAsync(i);
        }

        var proxyBytes = (double)(GC.GetAllocatedBytesForCurrentThread() - proxyBefore) / ProbeCalls;
        var method = GrainInterfaceDescriptor.Get(typeof(IPingGrain)).GetMethod(typeof(IPingGrain).GetMethod(nameof(IPingGrain.PingAsync))!);
        var callbacks = new ConcurrentDictionary<long, object>(concurrencyLevel: 1, capacity: ProbeCalls * 2);
        var table = new TextTable("Allocation of one local grain call (1 caller)", "B/call");
        table.Add("issuing the call, on the caller's thread", Format((double)callerThread / ProbeCalls));
        table.Add("  DispatchProxy: argument array + boxed int (no-op proxy, same interface)", Format(proxyBytes));
        table.Add("  Message", Format(AllocatedBy(i => NewMessage(method, i))));
        table.Add("  ResponseSink<int> + its Task<int> (the caller's task)", Format(AllocatedBy(_ => method.Shape.CreateSink())));
        table.Add("  pending-call entry: ConcurrentDictionary<long, Message> node", Format(AllocatedBy(i => callbacks[i] = callbacks)));
        table.Add("the rest, on other threads: grain's Task.FromResult + boxed result", Format((double)(total - callerThread) / ProbeCalls));
        table.Add("whole call, all threads", Format((double)total / ProbeCalls));
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static Message NewMessage(GrainMethodDescriptor method, int id) => new()
    {
        Id = id,
        Interface = GrainInterfaceDescriptor.Get(typeof(IPingGrain)),
        Method = method,
        Arguments = [],
    };

    /// <summary>Bytes allocated on this thread per call of <paramref name="allocate"/>, averaged over many calls.</summary>
    private static double AllocatedBy(Func<int, object> allocate)
    {
        GC.KeepAlive(allocate(-1));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < ProbeCalls; i++)
        {
            GC.KeepAlive(allocate(i));
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / ProbeCalls;
    }

    private static string Format(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
