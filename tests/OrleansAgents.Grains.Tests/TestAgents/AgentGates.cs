using System.Collections.Concurrent;

namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>The gates of one cluster, by name (the <see cref="GateAgent"/>'s input); shared by all its silos.</summary>
public sealed class AgentGates
{
    private readonly ConcurrentDictionary<string, AgentGate> _gates = new(StringComparer.Ordinal);

    /// <summary>Returns the gate with this name, creating it closed.</summary>
    public AgentGate this[string name] => _gates.GetOrAdd(name, static _ => new AgentGate());
}
