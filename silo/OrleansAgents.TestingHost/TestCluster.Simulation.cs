using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>The simulation mode of a test cluster: see <see cref="TestClusterBuilder.UseSimulation(int, SimulationFaults?)"/>.</summary>
public sealed partial class TestCluster
{
    private SimulationScheduler? _simulation;
    private bool _ownsSimulation;

    /// <summary>The simulation this cluster runs in, or <c>null</c> for a normal (thread pool, real clock) cluster.</summary>
    public Simulation? Simulation => _simulation?.Facade;

    /// <summary>Runs the simulation until nothing is runnable at the current virtual time.</summary>
    /// <exception cref="InvalidOperationException">The cluster is not simulated.</exception>
    public Task RunUntilIdleAsync() => RequireSimulation().RunUntilIdleAsync();

    /// <summary>Moves virtual time forward by <paramref name="span"/>, running everything due on the way.</summary>
    /// <exception cref="InvalidOperationException">The cluster is not simulated.</exception>
    public Task AdvanceTimeAsync(TimeSpan span) => RequireSimulation().AdvanceTimeAsync(span);

    /// <summary>The clock the harness itself waits on (stabilization, shutdown limits): virtual in a simulation, else real.</summary>
    private TimeProvider HarnessClock => _simulation?.Clock ?? TimeProvider.System;

    private Simulation RequireSimulation() =>
        Simulation ?? throw new InvalidOperationException("This cluster is not simulated; build it with TestClusterBuilder.UseSimulation(seed) or inside Simulation.RunAsync.");

    /// <summary>
    /// Joins the simulation running on this thread (a body of <see cref="Simulation.RunAsync(SimulationOptions, Func{Simulation, Task})"/>),
    /// or starts one when the builder asked for it. Called from the constructor, on the thread that built the cluster.
    /// </summary>
    private void AttachSimulation()
    {
        if (SimulationScheduler.Current is { } ambient)
        {
            _simulation = ambient;
        }
        else if (_options.Simulation is { } options)
        {
            _simulation = new SimulationScheduler(options);
            _ownsSimulation = true;

            // The cluster holds the simulation (time moves while the test waits on it) until it is disposed, and the
            // rest of the test method continues on the simulation's thread: its awaits capture this context.
            _simulation.Hold();
            SynchronizationContext.SetSynchronizationContext(_simulation.TestContext);
        }
        else
        {
            return;
        }

        var simulation = _simulation;
        _fabric.Network.Conditioner = new SimulatedNetwork(simulation);
        _fabric.StorageDecorator = (name, inner) => new FaultyGrainStorage(name, inner, simulation);
        simulation.Failed += OnSimulationFailed;
        simulation.AddInvariant("at most one activation per grain", CheckSingleActivation);
    }

    /// <summary>
    /// At most one serving activation per grain among the running silos, whenever they agree on membership (while a
    /// view change spreads, a stale activation may briefly coexist; its writes then fail on the ETag).
    /// </summary>
    private string? CheckSingleActivation()
    {
        var silos = Silos;
        if (silos.Count < 2 || silos.Any(s => !s.Silo.View.SameMembersAs(silos[0].Silo.View)))
        {
            return null;
        }

        var seen = new Dictionary<GrainId, string>();
        foreach (var silo in silos)
        {
            foreach (var activation in silo.Catalog.UnorderedActivations)
            {
                if (activation.IsServing && !seen.TryAdd(activation.GrainId, silo.Name))
                {
                    return $"{activation.GrainId} is active on {seen[activation.GrainId]} and {silo.Name}, which agree on membership {silos[0].Silo.View}";
                }
            }
        }

        return null;
    }

    /// <summary>Runs a public operation on the simulation's thread when called from outside it (the test's first awaits).</summary>
    private Task InSimulation(Func<Task> operation) =>
        _simulation is { } simulation && !simulation.IsOnSimulationThread ? simulation.Enter(operation) : operation();

    private void AddClock(IServiceCollection services, string siloName)
    {
        if (_simulation is not { } simulation)
        {
            services.AddSingleton(_options.TimeProvider);
            return;
        }

        var max = simulation.Faults.MaxClockSkew.Ticks;
        var skew = max > 0 ? TimeSpan.FromTicks(simulation.Random.NextInt64(-max, max + 1)) : TimeSpan.Zero;
        var clock = new VirtualClock(simulation, skew, siloName);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISimulationHooks>(new SimulatedSilo(simulation, siloName, clock));
    }

    private SimulatedSilo? ClientSimulation() =>
        _simulation is { } simulation ? new SimulatedSilo(simulation, SimulatedNetwork.ClientName, simulation.Clock) : null;

    private void OnSimulationFailed(Exception error) =>
        _client?.Messenger.Stop($"the simulation failed: {error.Message}");

    /// <summary>Ends a simulation this cluster started: releases it, and reports a failure or leaks as the test's failure.</summary>
    private void EndSimulation()
    {
        if (_simulation is not { } simulation)
        {
            return;
        }

        simulation.Failed -= OnSimulationFailed;
        if (!_ownsSimulation)
        {
            return;
        }

        simulation.Release();
        simulation.Dispose();
        if (simulation.Failure is { } failure)
        {
            throw failure as SimulationFailedException ?? new SimulationFailedException(failure.Message, failure);
        }

        if (simulation.Options.FailOnLeaks && simulation.Leaks is { Count: > 0 } leaks)
        {
            throw new SimulationFailedException($"{leaks.Count} step(s) reached the simulation from another thread (determinism leaks):{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}{Environment.NewLine}{simulation.Describe()}");
        }
    }
}
