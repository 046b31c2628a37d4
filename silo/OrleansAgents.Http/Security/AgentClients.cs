using System.Security.Claims;
using OrleansAgents.Agents;

namespace OrleansAgents.Http.Security;

/// <summary>Makes the <see cref="AgentClient"/> of a request: one per request, acting for its authenticated user.</summary>
internal sealed class AgentClients(IClusterClient cluster)
{
    public AgentClient For(ClaimsPrincipal user) => new(cluster, user.ToCaller());

    /// <summary>Whether a task exists under <paramref name="taskId"/> for anyone (to tell a conflicting id from invalid input).</summary>
    public async Task<bool> ExistsForAnyoneAsync(string taskId)
    {
        try
        {
            await new AgentClient(cluster, AgentCaller.Admin).GetAsync(taskId).ConfigureAwait(false);
            return true;
        }
        catch (AgentTaskNotFoundException)
        {
            return false;
        }
    }
}
