using BenchmarkDotNet.Attributes;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// Sequential request/response calls from <see cref="Callers"/> concurrent callers, each with its own target:
/// a <see cref="ChannelPair"/> (the baseline), a grain called from inside its silo, and a grain called through
/// the cluster client. Every invocation makes <see cref="TotalCalls"/> calls in all, so each figure is the
/// time (and allocation) per call: with one caller that is the round-trip latency, with many it is the
/// inverse of the throughput.
/// </summary>
public class CallBenchmarks
{
    /// <summary>Calls per benchmark invocation, split evenly between the callers.</summary>
    public const int TotalCalls = 16_384;

    private ChannelPair[] _pairs = [];
    private IPingGrain[] _localGrains = [];
    private IPingGrain[] _clientGrains = [];
    private TestCluster? _cluster;

    /// <summary>How many callers run at once; each drives its own channel pair or grain.</summary>
    [Params(1, 16)]
    public int Callers { get; set; }

    private int CallsPerCaller => TotalCalls / Callers;

    /// <summary>The reference, from inside the silo, to the grain of caller <paramref name="index"/>.</summary>
    internal IPingGrain LocalGrain(int index) => _localGrains[index];

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = TotalCalls, Description = "Channel<T> ping-pong")]
    public Task ChannelPingPong() => RunCallers(static (self, i) => self._pairs[i].RunAsync(self.CallsPerCaller));

    [Benchmark(OperationsPerInvoke = TotalCalls, Description = "Grain call, in silo")]
    public Task LocalGrainCall() => RunCallers(static (self, i) => CallLoopAsync(self._localGrains[i], self.CallsPerCaller));

    [Benchmark(OperationsPerInvoke = TotalCalls, Description = "Grain call, via client (JSON)")]
    public Task ClientGrainCall() => RunCallers(static (self, i) => CallLoopAsync(self._clientGrains[i], self.CallsPerCaller));

    private static async Task CallLoopAsync(IPingGrain grain, int calls)
    {
        var x = 0;
        for (var i = 0; i < calls; i++)
        {
            x = await grain.PingAsync(x).ConfigureAwait(false);
        }
    }

    private Task RunCallers(Func<CallBenchmarks, int, Task> caller)
    {
        var tasks = new Task[Callers];
        for (var i = 0; i < tasks.Length; i++)
        {
            var index = i;
            tasks[i] = Task.Run(() => caller(this, index));
        }

        return Task.WhenAll(tasks);
    }

    private async Task SetupAsync()
    {
        _pairs = [.. Enumerable.Range(0, Callers).Select(_ => new ChannelPair())];

        // One silo, so every grain is local to the silo the calls start from.
        _cluster = new TestClusterBuilder(1).ConfigureSilo(silo => silo.AddGrain<PingGrain>()).Build();
        await _cluster.DeployAsync().ConfigureAwait(false);
        var silo = _cluster.Primary.GrainFactory;
        _localGrains = [.. Enumerable.Range(0, Callers).Select(i => silo.GetGrain<IPingGrain>(i))];
        _clientGrains = [.. Enumerable.Range(0, Callers).Select(i => _cluster.Client.GetGrain<IPingGrain>(1_000 + i))];

        // Activate every grain before measuring: the figures are for calls to live activations.
        await Task.WhenAll(_localGrains.Concat(_clientGrains).Select(g => g.PingAsync(0))).ConfigureAwait(false);
    }

    private async Task CleanupAsync()
    {
        await Task.WhenAll(_pairs.Select(p => p.StopAsync())).ConfigureAwait(false);
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
