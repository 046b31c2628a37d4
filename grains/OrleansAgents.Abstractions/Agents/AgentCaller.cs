namespace OrleansAgents.Agents;

/// <summary>Who is asking: a user (sees only their own tasks) or an admin (sees all).</summary>
/// <param name="UserId">The user id.</param>
/// <param name="IsAdmin">Whether the caller may see and cancel every user's tasks.</param>
[GenerateSerializer, Immutable, Alias("oa.AgentCaller")]
public sealed record AgentCaller([property: Id(0)] string UserId, [property: Id(1)] bool IsAdmin = false)
{
    /// <summary>An admin caller.</summary>
    public static AgentCaller Admin { get; } = new("admin", IsAdmin: true);
}
