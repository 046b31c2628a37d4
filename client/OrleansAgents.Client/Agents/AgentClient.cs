using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Agents;

/// <summary>
/// The agent-task API for one caller, over Orleans' <see cref="IClusterClient"/> (or, inside a silo, its
/// <see cref="IGrainFactory"/> and a stream provider): submit, read, wait for, watch, cancel and list tasks, and publish to and subscribe to topics. Every task
/// call acts for <see cref="Caller"/>, so a client for one user can neither see nor touch another user's tasks.
/// </summary>
public sealed class AgentClient
{
    /// <summary>How long one watch registration lasts; <see cref="WatchAsync"/> renews it after a third of that without events.</summary>
    private static readonly TimeSpan WatchLease = TimeSpan.FromSeconds(30);
    /// <summary>How long one <see cref="WatchEventsAsync"/> read waits for news before asking again.</summary>
    private static readonly TimeSpan EventsWait = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two reads of <see cref="WatchEventsAsync"/> that failed on the way (a silo died, a call timed out).</summary>
    private static readonly TimeSpan EventsRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly IGrainFactory _grains;
    private readonly IStreamProvider? _streams;
    private readonly AgentGatewayLoss? _gatewayLoss;

    /// <summary>
    /// Creates a client acting for <paramref name="caller"/> over an Orleans cluster client configured with
    /// <c>AddAgentClient()</c>; watching and topics use its stream provider <c>Default</c>.
    /// </summary>
    public AgentClient(IClusterClient client, AgentCaller caller)
        : this(client, caller, (client ?? throw new ArgumentNullException(nameof(client))).GetStreamProvider(StreamProviderNames.Default))
    {
        _gatewayLoss = client.ServiceProvider.GetService(typeof(AgentGatewayLoss)) as AgentGatewayLoss;
    }

    /// <summary>Creates a client acting for <paramref name="caller"/> that watches and uses topics through <paramref name="streams"/>.</summary>
    public AgentClient(IGrainFactory grains, AgentCaller caller, IStreamProvider? streams)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        _grains = grains;
        _streams = streams;
        Caller = caller;
    }

    /// <summary>Who the client acts for.</summary>
    public AgentCaller Caller { get; }

    /// <summary>
    /// Submits a task running <paramref name="agent"/> on <paramref name="input"/> (serialized to JSON). Pass a
    /// <paramref name="taskId"/> to make the submit idempotent across retries; a new id is made otherwise.
    /// </summary>
    public Task<AgentTaskSnapshot> SubmitAsync(string agent, object? input, string? taskId = null) =>
        SubmitRouteAsync([agent], input, taskId);

    /// <summary>Submits a task running a route of agents, each step's output feeding the next.</summary>
    public Task<AgentTaskSnapshot> SubmitRouteAsync(IReadOnlyList<string> route, object? input, string? taskId = null, TimeSpan? timeout = null, string? runId = null) =>
        Task(taskId ?? Guid.NewGuid().ToString("N")).SubmitAsync(Request(route, input, timeout, runId, newTaskId: taskId is null));

    /// <summary>
    /// Submits a task as <see cref="SubmitRouteAsync"/> does, and says whether this submit created it or repeated an
    /// earlier submit of the same request under <paramref name="taskId"/>.
    /// </summary>
    public Task<AgentTaskSubmission> SubmitRouteWithOutcomeAsync(IReadOnlyList<string> route, object? input, string? taskId = null, TimeSpan? timeout = null, string? runId = null) =>
        Task(taskId ?? Guid.NewGuid().ToString("N")).SubmitWithOutcomeAsync(Request(route, input, timeout, runId, newTaskId: taskId is null));

    /// <summary>
    /// Runs <paramref name="agent"/> on <paramref name="input"/> as a task and returns it once it has ended (or when
    /// <paramref name="timeout"/> passes, as it then is): a submit, then a wait unless the submit's answer already is
    /// the end (a task its first attempt ended within the silo's <c>AgentTaskOptions.InlineCompletionWindow</c>).
    /// Idempotent on <paramref name="taskId"/> like <see cref="SubmitAsync"/>.
    /// </summary>
    public async Task<AgentTaskSnapshot> RunAsync(string agent, object? input, TimeSpan timeout, string? taskId = null)
    {
        var submitted = await SubmitAsync(agent, input, taskId).ConfigureAwait(false);
        return submitted.Status.IsTerminal() ? submitted : await WaitAsync(submitted.TaskId, timeout).ConfigureAwait(false);
    }

    /// <summary>Reads a task.</summary>
    /// <exception cref="AgentTaskNotFoundException">No such task for this caller.</exception>
    public Task<AgentTaskSnapshot> GetAsync(string taskId) => Task(taskId).GetAsync(Caller);

    /// <summary>Waits until the task is terminal (or <paramref name="timeout"/> passes) and returns it.</summary>
    /// <remarks>
    /// With <c>AddAgentClient()</c>, a wait whose gateway connection closes (its silo stopped or died) does not sit out
    /// the call's 90 s response timeout: it is made again through the client's remaining gateways (waiting is safe to
    /// repeat), and fails at once when none is left.
    /// </remarks>
    /// <exception cref="SiloUnavailableException">Every gateway connection of this client closed during the wait.</exception>
    public async Task<AgentTaskSnapshot> WaitAsync(string taskId, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var remaining = timeout;
        while (true)
        {
            var lost = _gatewayLoss?.Token ?? CancellationToken.None;
            try
            {
                return await Task(taskId).WaitForTerminalAsync(Caller, remaining, lost).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested)
            {
                if (_gatewayLoss!.NoGatewayLeft)
                {
                    throw new SiloUnavailableException($"Every gateway connection of this client closed while waiting for task '{taskId}' (the silos stopped or died, or the network failed); the wait was abandoned and may be made again.");
                }

                if (timeout != Timeout.InfiniteTimeSpan)
                {
                    var left = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                    remaining = left > TimeSpan.Zero ? left : TimeSpan.Zero;
                }
            }
        }
    }

    /// <summary>Cancels a task and returns it as it ended.</summary>
    public Task<AgentTaskSnapshot> CancelAsync(string taskId) => Task(taskId).CancelAsync(Caller);

    /// <summary>Lists the caller's tasks (an admin may name another user), newest first.</summary>
    public Task<IReadOnlyList<AgentTaskSummary>> ListAsync(int limit = 100, string? userId = null)
    {
        var user = userId ?? Caller.UserId;
        if (user != Caller.UserId && !Caller.IsAdmin)
        {
            throw new UnauthorizedAccessException($"User '{Caller.UserId}' cannot list the tasks of user '{user}'.");
        }

        return GrainReferences.Get<IUserTasksGrain>(_grains, user).ListAsync(limit);
    }

    /// <summary>
    /// Follows a task: yields its current state first, then every persisted transition and progress report as it
    /// happens, and ends after the terminal status (a task that has already ended yields that once). Nothing between
    /// the first state and the events is missed: the subscription is in place before the task registers the watcher
    /// and returns its state, in one turn.
    /// </summary>
    /// <exception cref="AgentTaskNotFoundException">No such task for this caller.</exception>
    /// <exception cref="InvalidOperationException">The client has no stream provider (create it from a cluster client).</exception>
    public async IAsyncEnumerable<AgentTaskSnapshot> WatchAsync(string taskId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var task = Task(taskId);
        var streams = Streams();
        var events = Channel.CreateBounded<AgentTaskSnapshot>(new BoundedChannelOptions(256) { SingleReader = true });
        var handle = await streams.GetStream<AgentTaskSnapshot>(AgentTaskStreams.For(taskId)).SubscribeAsync(
            (snapshot, _) => events.Writer.WriteAsync(snapshot, cancellationToken).AsTask(),
            error => System.Threading.Tasks.Task.FromResult(events.Writer.TryComplete(error)),
            () => System.Threading.Tasks.Task.FromResult(events.Writer.TryComplete())).ConfigureAwait(false);
        try
        {
            var last = await task.WatchAsync(Caller, WatchLease).ConfigureAwait(false);
            yield return last;
            while (!last.Status.IsTerminal())
            {
                var next = await NextWatchedAsync(task, events.Reader, cancellationToken).ConfigureAwait(false);
                if (next is null)
                {
                    yield break;
                }

                if (IsNewer(next, last))
                {
                    last = next;
                    yield return next;
                }
            }
        }
        finally
        {
            await handle.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows a task's persisted events (<see cref="AgentTaskEvent"/>): replays those after <paramref name="afterSequence"/>
    /// (0 for all), then yields each new one as it is persisted, in order, with no repeat and no gap, and ends after
    /// the terminal event. The events are stored with the task, so a watcher that lost its connection, or whose task's
    /// silo died, resumes by calling this again with the last sequence it saw; while it runs it rides out such failures
    /// itself (calling again for up to <see cref="EventsRetryLimit"/>) while the task resumes on a live silo; with
    /// <c>AddAgentClient()</c>, a read in flight when a gateway connection closes is made again at once through the
    /// gateways left, as <see cref="WaitAsync"/> is, instead of sitting out the call's 90 s response timeout. If the task
    /// dropped events older than it keeps (<see cref="AgentTaskEventPage.FirstSequence"/>), the replay starts at the oldest kept.
    /// </summary>
    /// <exception cref="AgentTaskNotFoundException">No such task for this caller.</exception>
    public async IAsyncEnumerable<AgentTaskEvent> WatchEventsAsync(string taskId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var task = Task(taskId);
        var last = afterSequence;
        DateTimeOffset? failingSince = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AgentTaskEventPage page;
            var lost = _gatewayLoss?.Token ?? CancellationToken.None;
            using var reading = lost.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost) : null;
            try
            {
                page = await task.ReadEventsAsync(Caller, last, EventsWait).WaitAsync(reading?.Token ?? cancellationToken).ConfigureAwait(false);
                failingSince = null;
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // A gateway connection closed during the read (its silo stopped or died): a read that went through it is
                // answered only when its 90 s response timeout expires, so read again at once through the gateways left
                // (a read changes nothing). With none left, wait for one as for any failure on the way.
                if (_gatewayLoss!.NoGatewayLeft)
                {
                    if (DateTimeOffset.UtcNow - (failingSince ??= DateTimeOffset.UtcNow) >= EventsRetryLimit)
                    {
                        throw new SiloUnavailableException($"Every gateway connection of this client closed while watching task '{taskId}' and none came back within {EventsRetryLimit.TotalSeconds:0} s; the watch may be resumed after sequence {last}.");
                    }

                    await System.Threading.Tasks.Task.Delay(EventsRetryDelay, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested
                && DateTimeOffset.UtcNow - (failingSince ??= DateTimeOffset.UtcNow) < EventsRetryLimit)
            {
                await System.Threading.Tasks.Task.Delay(EventsRetryDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var next in page.Events)
            {
                if (next.Sequence > last)
                {
                    last = next.Sequence;
                    yield return next;
                }
            }

            if (page.Task.Status.IsTerminal() && last >= page.Task.Sequence)
            {
                yield break;
            }
        }
    }

    /// <summary>Publishes <paramref name="payload"/> (as JSON) on a topic (see <see cref="TopicPattern"/> for names).</summary>
    public Task PublishAsync(string topic, object? payload) => Streams().PublishAsync(topic, payload);

    /// <summary>
    /// Reads the messages of topics and patterns (<c>agents.*.alerts</c>, see <see cref="TopicPattern"/>) as they are
    /// published, until <paramref name="cancellationToken"/> fires or the enumeration is abandoned.
    /// </summary>
    public IAsyncEnumerable<TopicMessage> SubscribeAsync(IEnumerable<string> topicsOrPatterns, CancellationToken cancellationToken = default) =>
        Streams().ReadTopicsAsync(topicsOrPatterns, cancellationToken: cancellationToken);

    /// <summary>Lists the registered agents with their descriptions and input schemas.</summary>
    public Task<IReadOnlyList<AgentDescriptor>> ListAgentsAsync() => _grains.GetGrain<IAgentCatalogGrain>("default").ListAsync();

    /// <summary>The next event, or after a quiet third of the lease the renewed state; <c>null</c> when cancelled.</summary>
    private async Task<AgentTaskSnapshot?> NextWatchedAsync(IAgentTaskGrain task, ChannelReader<AgentTaskSnapshot> events, CancellationToken cancellationToken)
    {
        if (events.TryRead(out var ready))
        {
            return ready;
        }

        using var renew = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        renew.CancelAfter(WatchLease / 3);
        try
        {
            return await events.ReadAsync(renew.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            // Quiet for a while: renew the lease (a reactivated task forgot it) and catch up from the state itself.
            return await task.WatchAsync(Caller, WatchLease).ConfigureAwait(false);
        }
    }

    /// <summary>How long <see cref="WatchEventsAsync"/> keeps calling again while its reads fail on the way: longer than a dead silo takes to be declared dead with Orleans' default liveness settings.</summary>
    public static TimeSpan EventsRetryLimit { get; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a call failed on its way (its silo died, the call timed out, no gateway took it), as opposed to being
    /// answered with an error: such a call may succeed if made again.
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException;

    /// <summary>Whether <paramref name="candidate"/> is later than <paramref name="last"/>: every persisted transition has the next sequence number.</summary>
    private static bool IsNewer(AgentTaskSnapshot candidate, AgentTaskSnapshot last) => candidate.Sequence > last.Sequence;

    private IStreamProvider Streams() => _streams
        ?? throw new InvalidOperationException("This AgentClient has no stream provider: create it from a cluster client (IClusterClient), or pass an IStreamProvider.");

    private AgentTaskRequest Request(IReadOnlyList<string> route, object? input, TimeSpan? timeout, string? runId, bool newTaskId)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new AgentTaskRequest
        {
            Route = route,
            Input = JsonSerializer.SerializeToElement(input),
            UserId = Caller.UserId,
            Timeout = timeout,
            RunId = runId,
            NewTaskId = newTaskId,
        };
    }

    private IAgentTaskGrain Task(string taskId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return GrainReferences.Get<IAgentTaskGrain>(_grains, taskId);
    }
}
