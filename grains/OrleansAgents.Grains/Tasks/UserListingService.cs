using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;
using Orleans.Services;

namespace OrleansAgents.Agents;

/// <summary>
/// A silo's listing changes still on their way to users' grains (an Orleans grain service: one on every silo). A user's
/// listing read asks every silo for them (<see cref="UserListingClient"/>), so the silos can send listing changes in
/// batches, after the submits that made them were answered, and a list made right after a submit still shows the task.
/// </summary>
[Alias("oa.IUserListingService")]
internal interface IUserListingService : IGrainService
{
    /// <summary>The listing changes of <paramref name="userId"/>'s tasks this silo holds (not yet delivered to the user's grain).</summary>
    [Alias("PendingAsync")]
    Task<AgentTaskSummary[]> PendingAsync(string userId);
}

/// <inheritdoc cref="IUserListingService"/>
[Reentrant]
internal sealed class UserListingService(GrainId id, Silo silo, ILoggerFactory loggerFactory, TaskBookkeeping bookkeeping)
    : GrainService(id, silo, loggerFactory), IUserListingService
{
    public Task<AgentTaskSummary[]> PendingAsync(string userId) => Task.FromResult(bookkeeping.PendingListings(userId));
}

/// <summary>
/// Collects a user's listing changes still on their way from every silo of the cluster: this silo's from its own
/// bookkeeping, every other live silo's from its <see cref="IUserListingService"/>. A silo that does not answer within
/// <see cref="Wait"/> (it died, and membership does not know yet) is left out: its changes, like the last second of a
/// listing after a crash, may be lost; the tasks themselves are stored.
/// </summary>
internal sealed partial class UserListingClient(
    IServiceProvider services,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    TaskBookkeeping bookkeeping,
    ILogger<UserListingClient> logger)
    : GrainServiceClient<IUserListingService>(services)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<AgentTaskSummary>> PendingAsync(string userId)
    {
        var local = bookkeeping.PendingListings(userId);
        List<Task<AgentTaskSummary[]>>? remote = null;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            // A silo shutting down still delivers what it holds; one that is joining has run no task yet, and one that has
            // stopped or died holds nothing it can deliver.
            if (member.Status is SiloStatus.Active or SiloStatus.ShuttingDown && !member.SiloAddress.Equals(localSilo.SiloAddress))
            {
                (remote ??= []).Add(AskAsync(member.SiloAddress, userId));
            }
        }

        if (remote is null)
        {
            return local;
        }

        var answers = await Task.WhenAll(remote).ConfigureAwait(true);
        return [.. local, .. answers.SelectMany(static answer => answer)];
    }

    private async Task<AgentTaskSummary[]> AskAsync(SiloAddress silo, string userId)
    {
        try
        {
            return await GetGrainService(silo).PendingAsync(userId).WaitAsync(Wait).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            Log.AskFailed(logger, exception, silo, userId);
            return [];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6206, LogLevel.Warning, "Silo {Silo} did not say which listing changes of user {UserId} it still holds; the listing is read without them")]
        public static partial void AskFailed(ILogger logger, Exception exception, SiloAddress silo, string userId);
    }
}
