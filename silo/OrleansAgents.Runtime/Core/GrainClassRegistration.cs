namespace OrleansAgents.Runtime;

/// <summary>A grain class registered with the silo (one DI registration per class).</summary>
internal sealed record GrainClassRegistration(Type GrainClass);
