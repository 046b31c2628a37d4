using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;

namespace OrleansAgents.Runtime;

/// <summary>What every part of one stream provider in one runtime (silo or client) shares.</summary>
internal sealed class StreamProviderRuntime(
    string name,
    MemoryStreamOptions options,
    IGrainFactory grains,
    JsonSerializerOptions json,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping,
    IStreamQueueFactory? queues = null,
    ISimulationHooks? simulation = null)
{
    public string Name { get; } = name;

    public MemoryStreamOptions Options { get; } = options;

    public IGrainFactory Grains { get; } = grains;

    public JsonSerializerOptions Json { get; } = json;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the silo or client stops: pumps and polls end.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public bool IsRewindable => Options.ReplayWindowSize > 0;

    /// <summary>The simulation this runtime runs in, or <c>null</c> (the thread pool and real signalling).</summary>
    public ISimulationHooks? Simulation { get; } = simulation;

    /// <summary>
    /// Starts a loop (a delivery pump, an inbox poll) outside any grain turn: on the thread pool, or as a step of the
    /// simulation, so that a simulated cluster that uses streams stays on its one seeded thread.
    /// </summary>
    /// <remarks>
    /// In a simulation the loop starts in a clean step (no synchronization context), so its
    /// <c>ConfigureAwait(false)</c> continuations, resumed from other clean steps (responses, signals, timers), run
    /// inline on the simulation's thread.
    /// </remarks>
    public Task StartLoop(Func<Task> loop)
    {
        if (Simulation is not { } simulation)
        {
            return Task.Run(loop);
        }

        var start = new Task<Task>(loop);
        simulation.Post(static s => ((Task<Task>)s!).RunSynchronously(TaskScheduler.Default), start, "stream-loop");
        return start.Unwrap();
    }

    /// <summary>
    /// A wake-up signal for a waiting pump, writer or poll. Outside a simulation its continuations run asynchronously
    /// (never inline under the signaller's lock); in one it is completed by <see cref="Signal"/> from a step of its own.
    /// </summary>
    public TaskCompletionSource NewSignal() =>
        Simulation is null ? new(TaskCreationOptions.RunContinuationsAsynchronously) : new();

    /// <summary>
    /// Completes <paramref name="signal"/>: at once, or in a simulation as a clean step of its own, so that the waiter
    /// resumes on the simulation's thread (an asynchronous completion would hop through the thread pool: a leak).
    /// </summary>
    public void Signal(TaskCompletionSource signal)
    {
        if (Simulation is { } simulation)
        {
            SimulationSteps.Complete(simulation, signal);
            return;
        }

        signal.TrySetResult();
    }

    /// <summary>Cancels <paramref name="source"/>: callbacks on the thread pool normally, in a clean step of the simulation in one.</summary>
    public Task CancelAsync(CancellationTokenSource source) =>
        Simulation is { } simulation ? SimulationSteps.CancelAsync(simulation, source) : source.CancelAsync();

    /// <summary>A new subscription (or activation) id: random, or drawn from the simulation's seed so that a run replays.</summary>
    public Guid NewId()
    {
        if (Simulation is not { } simulation)
        {
            return Guid.NewGuid();
        }

        Span<byte> bytes = stackalloc byte[16];
        simulation.Random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Opens the provider's stream queues; only silos have one (a client never hosts a stream).</summary>
    public IStreamQueueFactory Queues => queues ?? throw new InvalidOperationException($"Stream provider '{Name}' has no queue factory in this runtime.");

    public IStreamGrain StreamGrain(Streams.StreamId stream) => Grains.GetGrain<IStreamGrain>(StreamKeys.Stream(Name, stream));

    public IStreamPatternRegistryGrain PatternRegistry(string @namespace) =>
        Grains.GetGrain<IStreamPatternRegistryGrain>(StreamKeys.Patterns(Name, @namespace));

    public void EnsurePatternsAllowed(string @namespace)
    {
        if (!Options.PatternNamespaces.Contains(@namespace))
        {
            throw new NotSupportedException($"Stream provider '{Name}' does not allow pattern subscriptions in namespace '{@namespace}'; add it to {nameof(MemoryStreamOptions)}.{nameof(MemoryStreamOptions.PatternNamespaces)}.");
        }
    }
}
