namespace OrleansAgents.Runtime;

/// <summary>A stream provider configured on the silo, by name.</summary>
internal sealed record StreamProviderRegistration(string Name);
