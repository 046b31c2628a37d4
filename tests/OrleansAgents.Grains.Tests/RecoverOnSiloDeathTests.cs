using System.Collections.Immutable;
using System.Net;
using Orleans.Runtime;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Grains.Tests;

/// <summary>Which silo sweeps after a death, and which deaths count (<see cref="RecoverOnSiloDeath"/>).</summary>
public sealed class RecoverOnSiloDeathTests
{
    private static readonly SiloAddress Oldest = Silo(11111, generation: 100);
    private static readonly SiloAddress Middle = Silo(11112, generation: 200);
    private static readonly SiloAddress Youngest = Silo(11113, generation: 300);

    [Fact]
    public void Only_the_oldest_active_silo_sweeps()
    {
        var snapshot = Snapshot(1, (Oldest, SiloStatus.Active), (Middle, SiloStatus.Active), (Youngest, SiloStatus.Active));

        Assert.True(RecoverOnSiloDeath.IsSweeper(snapshot, Oldest));
        Assert.False(RecoverOnSiloDeath.IsSweeper(snapshot, Middle));
        Assert.False(RecoverOnSiloDeath.IsSweeper(snapshot, Youngest));
    }

    [Fact]
    public void When_the_oldest_silo_is_dead_the_next_oldest_sweeps()
    {
        var snapshot = Snapshot(2, (Oldest, SiloStatus.Dead), (Middle, SiloStatus.Active), (Youngest, SiloStatus.Active));

        Assert.True(RecoverOnSiloDeath.IsSweeper(snapshot, Middle));
        Assert.False(RecoverOnSiloDeath.IsSweeper(snapshot, Youngest));
    }

    [Fact]
    public void A_silo_becoming_dead_counts_once_and_one_dead_before_this_silo_saw_it_never()
    {
        var first = Snapshot(1, (Oldest, SiloStatus.Dead), (Middle, SiloStatus.Active), (Youngest, SiloStatus.Active));
        var second = Snapshot(2, (Oldest, SiloStatus.Dead), (Middle, SiloStatus.Active), (Youngest, SiloStatus.Dead));
        var third = Snapshot(3, (Oldest, SiloStatus.Dead), (Middle, SiloStatus.Active), (Youngest, SiloStatus.Dead));

        Assert.Equal([Youngest], RecoverOnSiloDeath.NewlyDead(first, second));
        Assert.Empty(RecoverOnSiloDeath.NewlyDead(second, third));
        Assert.Empty(RecoverOnSiloDeath.NewlyDead(Snapshot(0), first));
    }

    [Fact]
    public void A_silo_shutting_down_counts_once_it_is_dead()
    {
        var stopping = Snapshot(1, (Oldest, SiloStatus.Active), (Middle, SiloStatus.ShuttingDown));
        var stopped = Snapshot(2, (Oldest, SiloStatus.Active), (Middle, SiloStatus.Dead));

        Assert.Empty(RecoverOnSiloDeath.NewlyDead(Snapshot(0, (Oldest, SiloStatus.Active), (Middle, SiloStatus.Active)), stopping));
        Assert.Equal([Middle], RecoverOnSiloDeath.NewlyDead(stopping, stopped));
    }

    private static SiloAddress Silo(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, $"silo{m.Silo.Endpoint.Port}")), new MembershipVersion(version));
}
