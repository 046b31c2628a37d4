using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>
/// Delivers the in-memory network's frames as steps of a simulation. Each link (sender to receiver) is FIFO, like a
/// TCP connection, unless the seed picks a frame to leave the order; between silos the seed also delays, drops and
/// duplicates frames at the rates of <see cref="SimulationScheduler.Faults"/>.
/// </summary>
internal sealed class SimulatedNetwork(SimulationScheduler scheduler) : INetworkConditioner
{
    public const string ClientName = "client";
    private readonly Dictionary<(SiloAddress From, SiloAddress To), Link> _links = [];

    public void Send(SiloAddress sender, SiloAddress target, byte[] frame, Action<byte[]> deliver)
    {
        var faults = scheduler.Faults;
        var random = scheduler.Random;
        var betweenSilos = sender.Endpoint != ClientName && target.Endpoint != ClientName;
        if (betweenSilos && Chance(random, faults.DropRate))
        {
            scheduler.Counters.FramesDropped++;
            scheduler.Trace.Record("drop", sender.Endpoint, target.Endpoint, scheduler.Now);
            return;
        }

        var copies = betweenSilos && Chance(random, faults.DuplicateRate) ? 2 : 1;
        scheduler.Counters.FramesDuplicated += copies - 1;
        for (var copy = 0; copy < copies; copy++)
        {
            var delay = scheduler.Options.NetworkLatency.Ticks + (betweenSilos && (copy > 0 || Chance(random, faults.MessageDelayRate)) && faults.MaxMessageDelay > TimeSpan.Zero
                ? random.NextInt64(1, faults.MaxMessageDelay.Ticks + 1)
                : 0);
            if (betweenSilos && Chance(random, faults.ReorderRate))
            {
                scheduler.Counters.FramesReordered++;
                At(delay, new Delivery(frame, deliver), $"{sender.Endpoint}->{target.Endpoint}", static d => d.Deliver(d.Frame));
                continue;
            }

            if (!_links.TryGetValue((sender, target), out var link))
            {
                _links[(sender, target)] = link = new Link($"{sender.Endpoint}->{target.Endpoint}");
            }

            var due = Math.Max(scheduler.Now + delay, link.LastDue);
            link.LastDue = due;
            link.Frames.Enqueue(new Delivery(frame, deliver));
            At(due - scheduler.Now, link, link.Name, static l => l.DeliverHead());
        }
    }

    private static bool Chance(Random random, double rate) => rate > 0 && random.NextDouble() < rate;

    private void At<T>(long delay, T target, string label, Action<T> action)
        where T : class
    {
        if (delay <= 0)
        {
            scheduler.Enqueue(new SimulationStep("deliver", label, null, s => action((T)s!), target, null));
            return;
        }

        // A one-shot virtual timer; its tick is the delivery step.
        ITimer? timer = null;
        timer = scheduler.Clock.CreateTimer(
            _ =>
            {
                timer!.Dispose();
                action(target);
            },
            null,
            TimeSpan.FromTicks(delay),
            Timeout.InfiniteTimeSpan);
    }

    private sealed record Delivery(byte[] Frame, Action<byte[]> Deliver);

    private sealed class Link(string name)
    {
        public string Name { get; } = name;

        public Queue<Delivery> Frames { get; } = new();

        public long LastDue { get; set; }

        /// <summary>Every frame of a link has a delivery step; each step delivers the oldest frame, so the link stays FIFO.</summary>
        public void DeliverHead()
        {
            if (Frames.TryDequeue(out var delivery))
            {
                delivery.Deliver(delivery.Frame);
            }
        }
    }
}
