using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Placement;

namespace OrleansSearch.Runtime.Tests.Cluster;

public sealed class PlacementTests
{
    private static ClusterView ViewOf(long version, params SiloAddress[] silos)
    {
        var now = DateTimeOffset.UtcNow;
        return new ClusterView(version, silos.Select(s => new MembershipEntry(s, s.ToString(), SiloStatus.Active, [], now, now)).ToList());
    }

    [Fact]
    public void Adding_a_fourth_silo_moves_about_a_quarter_of_the_grains_all_to_the_new_silo()
    {
        var silos = Enumerable.Range(0, 4).Select(i => new SiloAddress("10.0.0." + i, 11111, 638_000_000_000_000_000 + i)).ToArray();
        var three = ViewOf(1, silos[..3]);
        var four = ViewOf(2, silos);
        const int grains = 20_000;

        int moved = 0;
        for (int i = 0; i < grains; i++)
        {
            var grain = new GrainId("shard", $"index-{i}");
            var before = RendezvousPlacement.Owner(grain, three);
            var after = RendezvousPlacement.Owner(grain, four);
            if (before != after)
            {
                moved++;
                Assert.Equal(silos[3], after);
            }
        }

        double share = moved / (double)grains;
        Assert.InRange(share, 0.22, 0.28);
    }

    [Fact]
    public void Ownership_is_spread_evenly_and_is_the_same_in_every_view_with_the_same_silos()
    {
        var silos = Enumerable.Range(0, 3).Select(i => new SiloAddress("127.0.0.1", 20000 + i, 1)).ToArray();
        var view = ViewOf(1, silos);
        var reordered = ViewOf(7, silos.Reverse().ToArray());
        var counts = new Dictionary<SiloAddress, int>();
        for (int i = 0; i < 30_000; i++)
        {
            var grain = new GrainId("counter", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var owner = RendezvousPlacement.Owner(grain, view)!;
            Assert.Equal(owner, RendezvousPlacement.Owner(grain, reordered));
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }

        Assert.All(counts.Values, count => Assert.InRange(count, 9_000, 11_000));
    }

    [Fact]
    public void Stable_hashes_do_not_change_between_processes_or_releases()
    {
        // Placement across processes depends on these exact values: changing the hash function moves every grain.
        Assert.Equal(PinnedEmptyHash, StableHashing.Hash(""));
        Assert.Equal(PinnedCounterHash, StableHashing.Hash("counter/42"));
        Assert.Equal(PinnedGrainHash, new GrainId("counter", "42").StableHash);
    }

    private const ulong PinnedEmptyHash = 17665956581633026203;
    private const ulong PinnedCounterHash = 16214045450594202998;
    private const ulong PinnedGrainHash = 5350383872543005609;

    [Fact]
    public void No_active_silo_means_no_owner()
    {
        Assert.Null(RendezvousPlacement.Owner(new GrainId("x", "y"), ClusterView.Empty));
    }
}
