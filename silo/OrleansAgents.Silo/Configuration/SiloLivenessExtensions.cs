using Orleans.Configuration;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>Applies <see cref="SiloLivenessOptions"/> to Orleans' membership and directory options.</summary>
internal static class SiloLivenessExtensions
{
    /// <summary>Configures failure detection and the directory lease; an invalid value throws (exit code 2).</summary>
    public static ISiloBuilder ConfigureLiveness(this ISiloBuilder builder, SiloLivenessOptions liveness)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(liveness);
        Positive(liveness.ProbeTimeout, nameof(SiloLivenessOptions.ProbeTimeout));
        Positive(liveness.IAmAliveTablePublishTimeout, nameof(SiloLivenessOptions.IAmAliveTablePublishTimeout));
        Positive(liveness.TableRefreshTimeout, nameof(SiloLivenessOptions.TableRefreshTimeout));
        AtLeastOne(liveness.NumMissedProbesLimit, nameof(SiloLivenessOptions.NumMissedProbesLimit));
        AtLeastOne(liveness.NumVotesForDeathDeclaration, nameof(SiloLivenessOptions.NumVotesForDeathDeclaration));
        if (liveness.DirectoryRangeLeaseDuration < TimeSpan.Zero)
        {
            throw Invalid(nameof(SiloLivenessOptions.DirectoryRangeLeaseDuration), "must not be negative");
        }

        builder.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = liveness.ProbeTimeout;
            membership.NumMissedProbesLimit = liveness.NumMissedProbesLimit;
            membership.NumVotesForDeathDeclaration = liveness.NumVotesForDeathDeclaration;
            membership.IAmAliveTablePublishTimeout = liveness.IAmAliveTablePublishTimeout;
            membership.TableRefreshTimeout = liveness.TableRefreshTimeout;
        });
        builder.Configure<GrainDirectoryOptions>(directory => directory.RangeLeaseDuration = liveness.DirectoryRangeLeaseDuration);
        return builder;
    }

    private static void Positive(TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Invalid(property, "must be positive");
        }
    }

    private static void AtLeastOne(int value, string property)
    {
        if (value < 1)
        {
            throw Invalid(property, "must be at least 1");
        }
    }

    private static InvalidOperationException Invalid(string property, string rule) =>
        new($"{nameof(SiloLivenessOptions)}.{property} ({SiloLivenessOptions.SectionName}:{property}) {rule}.");
}
