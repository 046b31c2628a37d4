using System.Collections.Concurrent;

namespace OrleansAgents.Runtime;

/// <summary>
/// The in-process network that silos and clients of one process share. Each endpoint has an inbox drained
/// by one worker at a time, so frames from one sender arrive in the order they were sent, as on a TCP
/// connection. A send to an endpoint that is gone is refused at once, like a refused connection.
/// </summary>
internal sealed class InMemoryNetwork
{
    /// <summary>Set by a simulation to decide delivery; <c>null</c> delivers at once, in order.</summary>
    public INetworkConditioner? Conditioner { get; set; }

    private readonly ConcurrentDictionary<SiloAddress, Inbox> _endpoints = new();

    public IMessageTransport CreateTransport() => new Transport(this);

    public bool IsReachable(SiloAddress address) => _endpoints.ContainsKey(address);

    private sealed class Transport(InMemoryNetwork network) : IMessageTransport
    {
        private SiloAddress? _address;

        public void Start(SiloAddress address, Action<byte[]> onFrame)
        {
            _address = address;
            if (!network._endpoints.TryAdd(address, new Inbox(onFrame)))
            {
                throw new InvalidOperationException($"Endpoint {address} is already in use on this in-memory network.");
            }
        }

        public bool TrySend(SiloAddress target, byte[] frame)
        {
            if (!network._endpoints.TryGetValue(target, out var inbox))
            {
                return false;
            }

            if (network.Conditioner is { } conditioner)
            {
                conditioner.Send(_address!, target, frame, inbox.DeliverNow);
                return true;
            }

            inbox.Post(frame);
            return true;
        }

        public ValueTask<bool> PingAsync(SiloAddress target, CancellationToken cancellationToken) =>
            ValueTask.FromResult(network.IsReachable(target));

        public void Stop()
        {
            if (_address is not null && network._endpoints.TryRemove(_address, out var inbox))
            {
                inbox.Close();
            }
        }
    }

    private sealed class Inbox(Action<byte[]> onFrame) : IThreadPoolWorkItem
    {
        private readonly ConcurrentQueue<byte[]> _frames = new();
        private int _scheduled;
        private volatile bool _closed;

        public void Post(byte[] frame)
        {
            _frames.Enqueue(frame);
            if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        public void Close() => _closed = true;

        /// <summary>Hands a frame to the receiver on this thread (a simulation's delivery step), unless it stopped.</summary>
        public void DeliverNow(byte[] frame)
        {
            if (!_closed)
            {
                onFrame(frame);
            }
        }

        public void Execute()
        {
            while (true)
            {
                while (!_closed && _frames.TryDequeue(out var frame))
                {
                    onFrame(frame);
                }

                Volatile.Write(ref _scheduled, 0);
                if (_closed || _frames.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
                {
                    return;
                }
            }
        }
    }
}
