using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansAgents.Runtime;

/// <summary>The runtime's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <c>OrleansAgents</c>.</summary>
internal static class Telemetry
{
    public const string Name = "OrleansAgents";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ActivationsCreated = Meter.CreateCounter<long>("orleansagents.activations.created", description: "Grain activations created.");

    public static readonly Counter<long> ActivationsCollected = Meter.CreateCounter<long>("orleansagents.activations.deactivated", description: "Grain activations deactivated.");

    public static readonly Counter<long> CallsFailed = Meter.CreateCounter<long>("orleansagents.calls.failed", description: "Grain calls whose grain method threw (other than being cancelled).");

    public static readonly Counter<long> CallsCancelled = Meter.CreateCounter<long>("orleansagents.calls.cancelled", description: "Grain calls whose grain method ended with OperationCanceledException (the caller cancelled, or the grain gave up).");
}
