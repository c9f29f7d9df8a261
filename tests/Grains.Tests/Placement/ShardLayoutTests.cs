using System.Net;
using Orleans.Runtime;
using OrleansSearch.Grains.Placement;

namespace OrleansSearch.Grains.Tests.Placement;

public sealed class ShardLayoutTests
{
    private static List<SiloAddress> Silos(int count, int generation = 1)
        => [.. Enumerable.Range(0, count).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), generation))];

    [Theory]
    [InlineData(3, 8, 2)]
    [InlineData(3, 1, 2)]
    [InlineData(4, 6, 3)]
    [InlineData(2, 5, 2)]
    public void The_copies_of_a_shard_are_on_distinct_silos_and_no_silo_holds_more_than_one_copy_above_another(int siloCount, int shards, int copies)
    {
        var silos = Silos(siloCount);
        var perSilo = silos.ToDictionary(silo => silo, _ => 0);
        for (int shard = 0; shard < shards; shard++)
        {
            var placed = Enumerable.Range(0, copies).Select(copy => ShardLayout.SiloFor("articles", shard, copy, silos)).ToList();
            Assert.Equal(copies, placed.Distinct().Count());
            placed.ForEach(silo => perSilo[silo]++);
        }
        Assert.True(perSilo.Values.Max() - perSilo.Values.Min() <= 1, string.Join(", ", perSilo.Values));
    }

    [Fact]
    public void A_restarted_silo_takes_back_its_place_whatever_order_the_silos_are_listed_in()
    {
        var before = Silos(3, generation: 1);
        var restarted = new List<SiloAddress> { SiloAddress.New(before[2].Endpoint, 7), before[0], SiloAddress.New(before[1].Endpoint, 9) };
        for (int shard = 0; shard < 6; shard++)
        {
            for (int copy = 0; copy < 2; copy++)
            {
                Assert.Equal(ShardLayout.SiloFor("logs", shard, copy, before).Endpoint, ShardLayout.SiloFor("logs", shard, copy, restarted).Endpoint);
            }
        }
    }

    [Fact]
    public void Indexes_do_not_all_start_on_the_same_silo()
    {
        var silos = Silos(3);
        var firstSilos = Enumerable.Range(0, 30).Select(i => ShardLayout.SiloFor($"index-{i}", 0, 0, silos)).Distinct().Count();
        Assert.Equal(3, firstSilos);
    }

    [Fact]
    public void With_fewer_silos_than_copies_copies_share_silos_and_every_copy_still_has_one()
    {
        var one = Silos(1);
        Assert.All(Enumerable.Range(0, 3), copy => Assert.Equal(one[0], ShardLayout.SiloFor("articles", 0, copy, one)));
        Assert.Throws<InvalidOperationException>(() => ShardLayout.SiloFor("articles", 0, 0, []));
    }

    [Theory]
    [InlineData("articles/3", "articles", 3, 0)]
    [InlineData("articles/3/2", "articles", 3, 2)]
    public void Copy_keys_read_back(string key, string index, int shard, int copy)
    {
        Assert.True(ShardKeys.TryParse(key, out string i, out int s, out int c));
        Assert.Equal((index, shard, copy), (i, s, c));
        Assert.Equal(key, ShardKeys.For(index, shard, copy));
    }

    [Theory]
    [InlineData("articles")]
    [InlineData("articles/x")]
    [InlineData("articles/1/0")]
    [InlineData("articles/1/2/3")]
    [InlineData("/1")]
    [InlineData("articles/-1")]
    public void Other_keys_are_not_copy_keys(string key) => Assert.False(ShardKeys.TryParse(key, out _, out _, out _));
}
