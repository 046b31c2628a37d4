using System.Text.Json;

namespace OrleansAgents.Runtime;

internal abstract partial class MessageCenter
{
    private byte[] EncodeRequest(Message message)
    {
        var arguments = new JsonElement[message.Arguments.Length];
        var types = message.Method.ParameterTypes;
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = i == message.Method.CancellationTokenIndex
                ? NullElement
                : JsonSerializer.SerializeToElement(message.Arguments[i], types[i], JsonOptions);
        }

        var remaining = (message.Deadline - _time.GetTimestamp()) * 1000 / _time.TimestampFrequency;
        var wire = new WireMessage
        {
            Id = message.Id,
            Kind = message.Kind,
            Target = message.Target.ToString(),
            Interface = message.Interface.WireName,
            Method = message.Method.Id,
            Arguments = arguments,
            Sender = (message.Sender ?? Address).ToString(),
            Forwards = message.ForwardCount,
            TimeoutMs = Math.Max(1, remaining),
        };
        return JsonSerializer.SerializeToUtf8Bytes(wire, EnvelopeOptions);
    }

    private void OnFrame(byte[] frame)
    {
        WireMessage? wire;
        try
        {
            wire = JsonSerializer.Deserialize<WireMessage>(frame, EnvelopeOptions);
        }
        catch (JsonException exception)
        {
            Log.MalformedFrame(_logger, exception, frame.Length);
            return;
        }

        switch (wire?.Kind)
        {
            case MessageKind.Response:
                OnResponse(wire);
                break;
            case MessageKind.Cancel when wire.Sender is not null:
                if (_inboundCancellations.TryGetValue((SiloAddress.Parse(wire.Sender), wire.Id), out var cancellation))
                {
                    cancellation.Cancel();
                }

                break;
            case MessageKind.Request or MessageKind.OneWay:
                OnRequest(wire);
                break;
            default:
                Log.MalformedFrame(_logger, null, frame.Length);
                break;
        }
    }

    private void OnResponse(WireMessage wire)
    {
        if (wire.Rejected)
        {
            if (_callbacks.TryGetValue(wire.Id, out var rejected))
            {
                _ = RetryLaterAsync(rejected, $"silo {rejected.TargetSilo} is stopping");
            }

            return;
        }

        if (!_callbacks.TryRemove(wire.Id, out var message))
        {
            return;
        }

        message.CancellationRegistration.Dispose();
        var sink = message.Sink!;
        if (wire.Error is not null)
        {
            var error = ExceptionCodec.Decode(wire.Error);
            if (error is OperationCanceledException && message.CancellationToken.IsCancellationRequested)
            {
                sink.SetCanceled(message.CancellationToken);
            }
            else
            {
                sink.SetException(error);
            }

            return;
        }

        try
        {
            var result = sink.ResultType is { } type && wire.Result is { } element ? element.Deserialize(type, JsonOptions) : null;
            sink.SetResult(result);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            sink.SetException(new InvalidOperationException($"The result of {message.Method.DisplayName} could not be read: {exception.Message}", exception));
        }
    }

    private void OnRequest(WireMessage wire)
    {
        if (wire.Sender is null || wire.Target is null)
        {
            Log.MalformedFrame(_logger, null, 0);
            return;
        }

        var sender = SiloAddress.Parse(wire.Sender);
        if (IsDuplicate(wire, sender))
        {
            return;
        }

        var descriptor = wire.Interface is null ? null : GrainInterfaceDescriptor.FindByWireName(wire.Interface);
        var method = wire.Method is null ? null : descriptor?.FindMethod(wire.Method);
        if (descriptor is null || method is null)
        {
            RespondError(wire, sender, new InvalidGrainInterfaceException($"Grain interface method {wire.Interface}::{wire.Method} is not known to silo {Address}."));
            return;
        }

        var arguments = new object?[method.ParameterTypes.Length];
        CancellationTokenSource? cancellation = null;
        try
        {
            if ((wire.Arguments?.Length ?? 0) != arguments.Length)
            {
                throw new JsonException($"expected {arguments.Length} arguments, got {wire.Arguments?.Length ?? 0}");
            }

            for (var i = 0; i < arguments.Length; i++)
            {
                if (i == method.CancellationTokenIndex)
                {
                    cancellation = new CancellationTokenSource();
                    arguments[i] = cancellation.Token;
                    continue;
                }

                arguments[i] = wire.Arguments![i].Deserialize(method.ParameterTypes[i], JsonOptions);
            }
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            cancellation?.Dispose();
            RespondError(wire, sender, new ArgumentException($"The arguments of {method.DisplayName} could not be read: {exception.Message}", exception));
            return;
        }

        if (cancellation is not null)
        {
            _inboundCancellations[(sender, wire.Id)] = cancellation;
        }

        var target = GrainId.Parse(wire.Target);
        var message = new Message
        {
            Id = wire.Id,
            Kind = wire.Kind,
            Target = target,
            TargetHash = StableHash.Of(target),
            Interface = descriptor,
            Method = method,
            Arguments = arguments,
            Sender = sender,
            ForwardCount = wire.Forwards,
            Deadline = DeadlineAfter(TimeSpan.FromMilliseconds(Math.Max(1, wire.TimeoutMs))),
            Timeout = TimeSpan.FromMilliseconds(wire.TimeoutMs),
            CancellationToken = cancellation?.Token ?? default,
            InboundCancellation = cancellation,
        };

        var owner = RendezvousPlacement.GetOwner(message.TargetHash, Membership.View);
        if (owner is not null && owner != Address)
        {
            if (message.ForwardCount >= Options.MaxForwardCount)
            {
                Fail(message, new SiloUnavailableException($"{method.DisplayName} on grain {target} was forwarded {message.ForwardCount} times without reaching its owner; the cluster view is still settling."));
                return;
            }

            message.ForwardCount++;
            Route(message);
            return;
        }

        DeliverLocal(message);
    }

    private void RespondError(WireMessage request, SiloAddress sender, Exception error)
    {
        if (request.Kind == MessageKind.OneWay)
        {
            Log.OneWayCallFailed(_logger, error, request.Method ?? "?", request.Target ?? "?");
            return;
        }

        SendFrame(sender, new WireMessage { Id = request.Id, Kind = MessageKind.Response, Error = ExceptionCodec.Encode(error) });
    }
}
