using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>
/// Sends grain calls and completes them: routes each request to the silo that owns the target (in this
/// process by reference, elsewhere over the transport), matches responses to callers, and fails every call
/// that cannot complete with a clear exception (timeout, cancellation, a silo that left) — never silently.
/// Shared by silos and clients.
/// </summary>
internal abstract partial class MessageCenter : IGrainCallInvoker
{
    private static readonly JsonSerializerOptions EnvelopeOptions = new(JsonSerializerDefaults.General);
    private static readonly JsonElement NullElement = JsonSerializer.SerializeToElement<object?>(null);
    private readonly ConcurrentDictionary<long, Message> _callbacks = new();
    private readonly ConcurrentDictionary<(SiloAddress Sender, long Id), CancellationTokenSource> _inboundCancellations = new();
    private readonly IMessageTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ITimer? _sweepTimer;
    private volatile string? _stoppedReason;
    private long _nextId;

    protected MessageCenter(
        SiloAddress address,
        IMessageTransport transport,
        IClusterViewProvider membership,
        IGrainTypeResolver resolver,
        TimeProvider time,
        MessagingOptions options,
        ILogger logger)
    {
        Address = address;
        _transport = transport;
        Membership = membership;
        _time = time;
        Options = options;
        _logger = logger;
        GrainFactory = new GrainReferenceFactory(resolver, () => this);
        JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.General);
        JsonOptions.Converters.Add(new GrainReferenceJsonConverter(GrainFactory));
    }

    public SiloAddress Address { get; }

    public GrainReferenceFactory GrainFactory { get; }

    /// <summary>Serializer options that understand grain references; used for arguments, results and state.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    public int PendingCallCount => _callbacks.Count;

    /// <summary>The simulation this runtime runs in, or <c>null</c>.</summary>
    public ISimulationHooks? Simulation { get; set; }

    protected IClusterViewProvider Membership { get; }

    protected MessagingOptions Options { get; }

    public void Start()
    {
        _transport.Start(Address, OnFrame);
        Membership.ViewChanged += OnViewChanged;
        _sweepTimer = _time.CreateTimer(
            static state => ((MessageCenter)state!).SweepTimedOutCalls(),
            this,
            Options.ResponseTimeoutCheckPeriod,
            Options.ResponseTimeoutCheckPeriod);
    }

    /// <summary>Stops receiving and fails every call still waiting for an answer.</summary>
    public void Stop(string reason)
    {
        _stoppedReason = reason;
        Membership.ViewChanged -= OnViewChanged;
        _sweepTimer?.Dispose();
        _transport.Stop();
        foreach (var (id, message) in _callbacks)
        {
            if (_callbacks.TryRemove(id, out _))
            {
                message.CancellationRegistration.Dispose();
                message.Sink!.SetException(new SiloUnavailableException($"{message} was not answered: {reason}."));
            }
        }

        foreach (var cancellation in _inboundCancellations.Values)
        {
            cancellation.Dispose();
        }

        _inboundCancellations.Clear();
    }

    public object Invoke(GrainReferenceProxy reference, GrainMethodDescriptor method, object?[] arguments)
    {
        var token = method.CancellationTokenIndex >= 0 ? (CancellationToken)arguments[method.CancellationTokenIndex]! : default;
        var timeout = method.Timeout ?? Options.ResponseTimeout;
        if (method.IsOneWay)
        {
            Route(new Message
            {
                Id = Interlocked.Increment(ref _nextId),
                Kind = MessageKind.OneWay,
                Target = reference.GrainId,
                TargetHash = reference.PlacementHash,
                Interface = reference.Descriptor,
                Method = method,
                Arguments = arguments,
                Deadline = DeadlineAfter(timeout),
                Timeout = timeout,
                CancellationToken = token,
            });
            return method.Shape.CompletedReturnValue;
        }

        var sink = Simulation is null ? method.Shape.CreateSink() : method.Shape.CreateSimulatedSink(Simulation);
        if (token.IsCancellationRequested)
        {
            sink.SetCanceled(token);
            return method.Shape.ToReturnValue(sink);
        }

        if (_stoppedReason is { } stopped)
        {
            // Nothing would ever answer (or time out) a call made after Stop: fail it now instead of hanging.
            sink.SetException(new SiloUnavailableException($"{method.DisplayName} was not sent: {stopped}."));
            return method.Shape.ToReturnValue(sink);
        }

        var message = new Message
        {
            Id = Interlocked.Increment(ref _nextId),
            Kind = MessageKind.Request,
            Target = reference.GrainId,
            TargetHash = reference.PlacementHash,
            Interface = reference.Descriptor,
            Method = method,
            Arguments = arguments,
            Sink = sink,
            Deadline = DeadlineAfter(timeout),
            Timeout = timeout,
            CancellationToken = token,
        };
        _callbacks[message.Id] = message;
        if (token.CanBeCanceled)
        {
            message.CancellationRegistration = token.UnsafeRegister(
                static (state, cancelled) =>
                {
                    var (center, call) = ((MessageCenter, Message))state!;
                    center.OnCallerCancelled(call, cancelled);
                },
                (this, message));
        }

        Route(message);
        return method.Shape.ToReturnValue(sink);
    }

    /// <summary>Delivers a request this runtime owns. Only silos host grains.</summary>
    protected abstract void DeliverLocal(Message message);

    /// <summary>Sends a request to the silo that owns its target.</summary>
    public void Route(Message message)
    {
        var owner = RendezvousPlacement.GetOwner(message.TargetHash, Membership.View);
        if (owner is null)
        {
            _ = RetryLaterAsync(message, $"the cluster has no active silo to host {message.Target}");
            return;
        }

        if (owner == Address)
        {
            message.TargetSilo = null;
            DeliverLocal(message);
            return;
        }

        message.TargetSilo = owner;
        message.TargetLeftAt = 0;
        byte[] frame;
        try
        {
            frame = EncodeRequest(message);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            Fail(message, new ArgumentException($"The arguments of {message.Method.DisplayName} could not be serialized: {exception.Message}", exception));
            return;
        }

        if (!_transport.TrySend(owner, frame))
        {
            _ = RetryAfterRefusalAsync(message, owner);
        }
    }

    /// <summary>Completes a request: answers the local caller, or sends the response over the transport.</summary>
    public void SendResponse(Message request, object? result, Exception? error)
    {
        if (request.InboundCancellation is { } cancellation)
        {
            _inboundCancellations.TryRemove((request.Sender!, request.Id), out _);
            cancellation.Dispose();
        }

        if (request.Kind == MessageKind.OneWay)
        {
            if (error is not null)
            {
                Log.OneWayCallFailed(_logger, error, request.Method.DisplayName, request.Target);
            }

            return;
        }

        if (request.Sink is not null)
        {
            CompleteLocal(request.Id, result, error);
            return;
        }

        var wire = new WireMessage { Id = request.Id, Kind = MessageKind.Response };
        if (error is null && request.Method.ResultType is { } resultType)
        {
            try
            {
                wire.Result = JsonSerializer.SerializeToElement(result, resultType, JsonOptions);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
            {
                error = new InvalidOperationException($"The result of {request.Method.DisplayName} could not be serialized: {exception.Message}", exception);
            }
        }

        if (error is not null)
        {
            wire.Error = ExceptionCodec.Encode(error);
        }

        SendFrame(request.Sender!, wire);
    }

    /// <summary>Answers a request this runtime will not run (it is stopping): the caller routes it again.</summary>
    public void Reject(Message request)
    {
        if (request.Sink is not null)
        {
            _ = RetryLaterAsync(request, $"silo {Address} is stopping");
            return;
        }

        if (request.Kind == MessageKind.OneWay)
        {
            request.ForwardCount++;
            _ = RetryLaterAsync(request, $"silo {Address} is stopping");
            return;
        }

        ForgetReceived(request);
        SendFrame(request.Sender!, new WireMessage { Id = request.Id, Kind = MessageKind.Response, Rejected = true });
    }

    /// <summary>Fails a request with an exception, wherever its caller is.</summary>
    public void Fail(Message message, Exception error) => SendResponse(message, null, error);

    private void CompleteLocal(long id, object? result, Exception? error)
    {
        if (!_callbacks.TryRemove(id, out var message))
        {
            return;
        }

        message.CancellationRegistration.Dispose();
        if (error is null)
        {
            message.Sink!.SetResult(result);
        }
        else if (error is OperationCanceledException && message.CancellationToken.IsCancellationRequested)
        {
            message.Sink!.SetCanceled(message.CancellationToken);
        }
        else
        {
            message.Sink!.SetException(error);
        }
    }

    private void OnCallerCancelled(Message message, CancellationToken token)
    {
        if (!_callbacks.TryRemove(message.Id, out _))
        {
            return;
        }

        message.Sink!.SetCanceled(token);
        if (message.TargetSilo is { } target)
        {
            SendFrame(target, new WireMessage { Id = message.Id, Kind = MessageKind.Cancel, Sender = Address.ToString() });
        }
    }

    private async Task RetryAfterRefusalAsync(Message message, SiloAddress refusedBy)
    {
        try
        {
            await Membership.ReportUnreachableAsync(refusedBy, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.MembershipReportFailed(_logger, exception, refusedBy);
        }

        await RetryLaterAsync(message, $"silo {refusedBy} refused the connection").ConfigureAwait(false);
    }

    private async Task RetryLaterAsync(Message message, string reason)
    {
        message.SendAttempts++;
        if (message.SendAttempts > Options.MaxSendAttempts || _time.GetTimestamp() >= message.Deadline)
        {
            Fail(message, new SiloUnavailableException($"{message.Method.DisplayName} on grain {message.Target} could not be delivered after {message.SendAttempts} attempts: {reason}."));
            return;
        }

        if (message.Sink is not null && !_callbacks.ContainsKey(message.Id))
        {
            return;
        }

        var backoff = TimeSpan.FromMilliseconds(Math.Min(10 * (1 << Math.Min(message.SendAttempts, 6)), 500));
        await Task.Delay(backoff, _time).ConfigureAwait(false);
        await Membership.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        Route(message);
    }

    private void OnViewChanged(ClusterView view)
    {
        var now = _time.GetTimestamp();
        foreach (var message in _callbacks.Values)
        {
            if (message.TargetSilo is { } target && message.TargetLeftAt == 0 && !view.Contains(target))
            {
                message.TargetLeftAt = now;
            }
        }
    }

    private void SweepTimedOutCalls()
    {
        var now = _time.GetTimestamp();
        PruneReceived(now);
        var graceTicks = TicksOf(Options.SiloLeftGracePeriod);
        foreach (var (id, message) in _callbacks)
        {
            var timedOut = message.Deadline <= now;
            var targetLeft = message.TargetLeftAt != 0 && now - message.TargetLeftAt >= graceTicks;
            if ((timedOut || targetLeft) && _callbacks.TryRemove(id, out _))
            {
                message.CancellationRegistration.Dispose();
                message.Sink!.SetException(timedOut
                    ? new TimeoutException($"{message.Method.DisplayName} on grain {message.Target} did not answer within {message.Timeout}.")
                    : new SiloUnavailableException($"Silo {message.TargetSilo} left the cluster before answering {message.Method.DisplayName} on grain {message.Target}; the call may or may not have run."));
            }
        }
    }

    private long DeadlineAfter(TimeSpan timeout)
    {
        var ticks = TicksOf(timeout);
        var now = _time.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + ticks;
    }

    private long TicksOf(TimeSpan span) => span == System.Threading.Timeout.InfiniteTimeSpan || span >= TimeSpan.FromDays(3650)
        ? long.MaxValue / 2
        : (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void SendFrame(SiloAddress target, WireMessage wire)
    {
        if (!_transport.TrySend(target, JsonSerializer.SerializeToUtf8Bytes(wire, EnvelopeOptions)))
        {
            Log.ResponseUndeliverable(_logger, wire.Kind, wire.Id, target);
        }
    }
}
