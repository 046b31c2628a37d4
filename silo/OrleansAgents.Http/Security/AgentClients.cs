using System.Security.Claims;
using OrleansAgents.Agents;

namespace OrleansAgents.Http.Security;

/// <summary>Makes the <see cref="AgentClient"/> of a request: one per request, acting for its authenticated user.</summary>
internal sealed class AgentClients(IClusterClient cluster)
{
    /// <summary>How long <see cref="GetRidingOutAsync"/> retries a read that failed on the way.</summary>
    private static readonly TimeSpan RetryLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public AgentClient For(ClaimsPrincipal user) => new(cluster, user.ToCaller());

    /// <summary>
    /// Reads a task, retrying while the call fails on the way (its silo just died and the cluster has not noticed yet):
    /// a stream resumed on another front door right after a crash starts instead of failing.
    /// </summary>
    public static async Task<AgentTaskSnapshot> GetRidingOutAsync(AgentClient client, string taskId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + RetryLimit;
        while (true)
        {
            try
            {
                return await client.GetAsync(taskId).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransient(exception) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a call failed on the way (and may succeed if made again), as opposed to being answered with an error.</summary>
    public static bool IsTransient(Exception exception) => AgentClient.IsTransient(exception);

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
