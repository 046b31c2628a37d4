using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;

namespace OrleansAgents.ClientProcess;

/// <summary>
/// The failover workload: submits <c>--Slow</c> long-running tasks (agent <c>slow</c>, <c>--Steps</c> steps of
/// <c>--StepMs</c>) and then <c>--Tasks</c> no-op tasks (agent <c>echo</c>, input i); watches every slow task
/// (<see cref="AgentClient.WatchEventsAsync"/>, subscribing again after the last sequence seen) and waits for every no-op task. Every call
/// that fails (a silo died, a call timed out) is retried with the same task id, so submits are idempotent. Writes one
/// JSON object a line (<c>"e"</c> is the kind; <c>"t"</c> Unix milliseconds):
/// <c>connected</c>; <c>submitted</c> (id, kind); <c>retry</c> (op, id, error); <c>event</c> (id, sub, seq, status,
/// progress, updatedAt: when the silo made the transition) per persisted event a watcher yields; <c>resubscribe</c> (id, sub)
/// after 3 s without an event; <c>watch-broken</c> (id, sub, error); <c>terminal</c> (id, kind, status,
/// outputOk) once per task; <c>summary</c> (tasks, succeeded, retries). Exit code 0 when every task succeeded with the
/// expected output.
/// </summary>
internal sealed class Workload(AgentClient agents, IConfiguration configuration, TextWriter output)
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly Lock _writeLock = new();
    private int _retries;

    public async Task<int> RunAsync()
    {
        var run = configuration["Run"] ?? Guid.NewGuid().ToString("N")[..8];
        var noop = configuration.GetValue("Tasks", 100);
        var slow = configuration.GetValue("Slow", 10);
        var steps = configuration.GetValue("Steps", 20);
        var stepMs = configuration.GetValue("StepMs", 250);
        var parallelism = configuration.GetValue("Parallelism", 32);
        using var deadline = new CancellationTokenSource(Deadline);
        var token = deadline.Token;
        Write(new { e = "connected" });

        var slowInput = new SlowInput(steps, stepMs);
        var watchers = new List<Task<bool>>();
        for (var i = 1; i <= slow; i++)
        {
            var id = $"{run}-slow-{i}";
            await RetryAsync("submit", id, () => agents.SubmitAsync("slow", slowInput, id), token).ConfigureAwait(false);
            Write(new { e = "submitted", id, kind = "slow" });
            watchers.Add(Task.Run(() => WatchAsync(id, steps, token), token));
        }

        var waiters = new List<Task<bool>>();
        var submitted = System.Threading.Channels.Channel.CreateUnbounded<(string Id, int Input)>();
        var submitting = Parallel.ForEachAsync(Enumerable.Range(1, noop), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = token }, async (i, ct) =>
        {
            var id = $"{run}-noop-{i}";
            await RetryAsync("submit", id, () => agents.SubmitAsync("echo", i, id), ct).ConfigureAwait(false);
            Write(new { e = "submitted", id, kind = "noop" });
            await submitted.Writer.WriteAsync((id, i), ct).ConfigureAwait(false);
        });
        // Not disposed: waiters release it after the reading loop has ended.
        var gate = new SemaphoreSlim(parallelism * 4);
        var waiting = Task.Run(async () =>
        {
            await foreach (var (id, input) in submitted.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                waiters.Add(Task.Run(async () =>
                {
                    try
                    {
                        return await WaitAsync(id, input, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, token));
            }
        }, token);
        await submitting.ConfigureAwait(false);
        submitted.Writer.Complete();
        await waiting.ConfigureAwait(false);
        var results = await Task.WhenAll(watchers.Concat(waiters)).ConfigureAwait(false);
        var succeeded = results.Count(ok => ok);
        Write(new { e = "summary", tasks = results.Length, succeeded, retries = Volatile.Read(ref _retries) });
        return succeeded == results.Length ? 0 : 1;
    }

    private async Task<bool> WatchAsync(string id, int steps, CancellationToken cancellationToken)
    {
        // The task's persisted events (AgentClient.WatchEventsAsync): a watcher that subscribes again resumes after the
        // last sequence it saw, so it sees every transition once, whatever silo died meanwhile (a snapshot watch only
        // promises the current state and what follows: one that lost its subscription for the rest of a task's run,
        // under load, saw the end alone).
        long last = 0;
        for (var sub = 1; ; sub++)
        {
            // Quiet for QuietPeriod (a slow task reports every step): subscribe again, from the last sequence seen.
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(QuietPeriod);
            try
            {
                await foreach (var change in agents.WatchEventsAsync(id, last, quiet.Token).ConfigureAwait(false))
                {
                    quiet.CancelAfter(QuietPeriod);
                    last = change.Sequence;
                    Write(new { e = "event", id, sub, seq = change.Sequence, status = change.Status.ToString(), progress = change.Progress.Percent, updatedAt = change.At.ToUnixTimeMilliseconds() });
                    if (change.Status.IsTerminal())
                    {
                        var ended = await RetryAsync("get", id, () => agents.GetAsync(id), cancellationToken).ConfigureAwait(false);
                        var ok = ended.Status == AgentTaskStatus.Succeeded
                            && ended.Output is { ValueKind: JsonValueKind.Object } result
                            && result.TryGetProperty("steps", out var done) && done.GetInt32() == steps;
                        return Terminal(id, "slow", ended, ok);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                Write(new { e = "resubscribe", id, sub, reason = "quiet" });
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Write(new { e = "resubscribe", id, sub, reason = "quiet" });
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Write(new { e = "watch-broken", id, sub, error = Describe(exception) });
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> WaitAsync(string id, int input, CancellationToken cancellationToken)
    {
        while (true)
        {
            // A wait held by a silo that dies is not failed by the gateway that forwarded it (only the client's own
            // response timeout would end it, and the grain's wait extends that): bound it here, and ask again.
            var snapshot = await RetryAsync("wait", id, () => agents.WaitAsync(id, WaitSlice).WaitAsync(WaitSlice * 2, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (snapshot.Status.IsTerminal())
            {
                var ok = snapshot.Status == AgentTaskStatus.Succeeded
                    && snapshot.Output is { ValueKind: JsonValueKind.Number } result && result.GetInt32() == input;
                return Terminal(id, "noop", snapshot, ok);
            }
        }
    }

    private bool Terminal(string id, string kind, AgentTaskSnapshot snapshot, bool outputOk)
    {
        Write(new { e = "terminal", id, kind, status = snapshot.Status.ToString(), seq = snapshot.Sequence, outputOk, attempts = snapshot.Attempts, error = snapshot.Error?.Message });
        return outputOk;
    }

    private async Task<T> RetryAsync<T>(string op, string id, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not AgentTaskNotFoundException and not ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                // The silo holding the task (or our gateway) died, or the call timed out: the same call again is safe.
                Interlocked.Increment(ref _retries);
                Write(new { e = "retry", op, id, error = Describe(exception), afterMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds });
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";

    private void Write(object line)
    {
        var json = JsonSerializer.SerializeToNode(line)!.AsObject();
        json["t"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var text = json.ToJsonString();
        lock (_writeLock)
        {
            output.WriteLine(text);
        }
    }
}
