using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Placement;
using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>
/// Copies of a shard: placed on distinct silos, following the writer through the document store, ranking exactly
/// as the writer does, and moving to the silo the layout assigns them when the cluster changes.
/// </summary>
public sealed class ShardReplicaTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private static IndexSpec Replicated(string name, int shards) => Schemas.Articles(name, shards) with { Replicas = 1 };

    private static IShardGrain Copy(IGrainFactory grains, string index, int shard, int copy) => grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard, copy));

    private static async Task WriteAsync(IGrainFactory grains, string index, int shards, int perShard, string prefix)
    {
        for (int shard = 0; shard < shards; shard++)
        {
            var outcomes = await Copy(grains, index, shard, 0).Upsert([.. Schemas.IdsOnShard(prefix, shard, shards, perShard)
                .Select((id, n) => new SourceDocument(id, Schemas.Fields($$"""{"title":"replica {{(n % 3 == 0 ? "alpha" : "beta")}} {{id}}","body":"copies follow the writer {{n}}","tag":"t{{n % 4}}","year":{{2000 + n}}}""")))]);
            Assert.All(outcomes, outcome => Assert.True(outcome.Ok, outcome.Message));
        }
    }

    /// <summary>Waits (with a deadline, not a fixed delay) until every follower has applied what its writer acknowledged.</summary>
    private static async Task UntilFollowersCaughtUpAsync(IGrainFactory grains, string index, int shards)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (int shard = 0; shard < shards; shard++)
        {
            long written = (await Copy(grains, index, shard, 0).Describe()).LastSequence;
            while ((await Copy(grains, index, shard, 1).Describe()).LastSequence < written)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task Copies_run_on_distinct_silos_follow_the_writer_and_rank_exactly_as_it_does()
    {
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 3);
        var grains = cluster.Client;
        const string index = "replicated";
        await grains.GetGrain<IIndexCatalogGrain>(index).Create(Replicated(index, 3));
        await WriteAsync(grains, index, 3, 30, "r");
        Assert.All(await Copy(grains, index, 0, 0).Delete([new DocumentDelete(Schemas.IdsOnShard("r", 0, 3, 1)[0])]), o => Assert.True(o.Ok));
        await UntilFollowersCaughtUpAsync(grains, index, 3);

        for (int shard = 0; shard < 3; shard++)
        {
            var writer = await Copy(grains, index, shard, 0).Describe();
            var follower = await Copy(grains, index, shard, 1).Describe();
            Assert.NotEqual(writer.Silo, follower.Silo);
            Assert.Equal((writer.Documents, writer.LastSequence, 1), (follower.Documents, follower.LastSequence, follower.Copy));
        }
        foreach (string text in new[] { "alpha", "replica beta", "copies writer", "tag:t1" })
        {
            var query = new ShardQuery(text, Limit: 50);
            var statistics = GlobalStatistics.Sum(await Task.WhenAll(Enumerable.Range(0, 3).Select(shard => Copy(grains, index, shard, 0).Statistics(query))));
            var followerStatistics = GlobalStatistics.Sum(await Task.WhenAll(Enumerable.Range(0, 3).Select(shard => Copy(grains, index, shard, 1).Statistics(query))));
            for (int shard = 0; shard < 3; shard++)
            {
                var fromWriter = (await Copy(grains, index, shard, 0).Search(query, statistics)).Hits.Select(h => (h.Id, h.Score)).ToList();
                var fromFollower = (await Copy(grains, index, shard, 1).Search(query, followerStatistics)).Hits.Select(h => (h.Id, h.Score)).ToList();
                Assert.NotEmpty(fromWriter);
                Assert.Equal(fromWriter, fromFollower);
            }
        }
        // Followers read documents from the store too, and refuse writes (only the writer assigns sequence numbers).
        string kept = Schemas.IdsOnShard("r", 1, 3, 2)[1];
        Assert.Equal(kept, (await Copy(grains, index, 1, 1).Get(kept))?.Id);
        await Assert.ThrowsAnyAsync<Exception>(() => Copy(grains, index, 1, 1).Upsert([new SourceDocument(kept, Schemas.Fields("""{"title":"no"}"""))]));
    }

    [Fact]
    public async Task A_copy_activated_after_the_writes_loads_them_and_a_dropped_index_takes_its_copies_along()
    {
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 2);
        var grains = cluster.Client;
        const string index = "late-copy";
        await grains.GetGrain<IIndexCatalogGrain>(index).Create(Replicated(index, 1));
        await WriteAsync(grains, index, 1, 25, "late");
        await Copy(grains, index, 0, 0).Snapshot();
        await WriteAsync(grains, index, 1, 30, "late");

        var follower = await Copy(grains, index, 0, 1).Describe();
        Assert.Equal((30, 30L + 25L), (follower.Documents, follower.LastSequence));
        await Assert.ThrowsAsync<InvalidArgumentException>(() => Copy(grains, index, 0, 2).Describe());

        await grains.GetGrain<IIndexCatalogGrain>(index).Drop();
        Assert.Null(await cluster.Documents.ReadSnapshotAsync(index, 0, CancellationToken.None));
    }

    [Fact]
    public async Task When_a_silo_joins_copies_move_to_the_silos_the_layout_assigns_while_the_other_copy_serves()
    {
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 2);
        var grains = cluster.Client;
        const string index = "moving";
        await grains.GetGrain<IIndexCatalogGrain>(index).Create(Replicated(index, 4));
        await WriteAsync(grains, index, 4, 10, "m");
        await UntilFollowersCaughtUpAsync(grains, index, 4);

        var joined = await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        var silos = cluster.Cluster.Silos.Select(silo => silo.SiloAddress).ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        foreach (var (shard, copy) in Enumerable.Range(0, 4).SelectMany(shard => new[] { (shard, 0), (shard, 1) }))
        {
            var target = ShardLayout.SiloFor(index, shard, copy, silos);
            var grain = Copy(grains, index, shard, copy);
            // Condition wait: each move is a migration plus a load from the store.
            while (!(await grain.Rebalance() && (await grain.Describe()).Silo == cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(target)).Name))
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        var placement = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(shard => new[] { Copy(grains, index, shard, 0), Copy(grains, index, shard, 1) }).Select(g => g.Describe()));
        Assert.Contains(placement, info => info.Silo == joined.Name);
        Assert.All(placement.GroupBy(info => info.Shard), copies => Assert.NotEqual(copies.First().Silo, copies.Last().Silo));
        Assert.All(placement, info => Assert.Equal(10, info.Documents));
    }
}
