using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansSearch.Grains.Tests.Support;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>
/// An acknowledged write survives the silo or the whole cluster going away: the shard comes back
/// from its snapshot plus the rows written after it. Silos are killed (no deactivation, so no
/// snapshot on the way out) to model a crash.
/// </summary>
public sealed class ShardDurabilityTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private static async Task<IReadOnlyList<string>> WriteAsync(IGrainFactory grains, string index, int shardCount, string prefix, int perShard)
    {
        var written = new List<string>();
        for (int shard = 0; shard < shardCount; shard++)
        {
            var ids = Schemas.IdsOnShard(prefix, shard, shardCount, perShard);
            var outcomes = await grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard))
                .Upsert([.. ids.Select(id => new SourceDocument(id, Schemas.Fields($$"""{"title":"{{id}} durable","body":"written before the crash"}""")))]);
            Assert.All(outcomes, outcome => Assert.True(outcome.Ok, outcome.Message));
            written.AddRange(ids);
        }
        return written;
    }

    private static async Task KillAllAsync(SearchCluster cluster)
    {
        foreach (var silo in cluster.Cluster.Silos.ToList())
        {
            await cluster.Cluster.KillSiloAsync(silo);
        }
    }

    private static Task<ShardPage> SearchAsync(IShardGrain shard, string text) => SearchWithOwnStatisticsAsync(shard, new ShardQuery(text, Limit: 100));

    private static async Task<ShardPage> SearchWithOwnStatisticsAsync(IShardGrain shard, ShardQuery query) => await shard.Search(query, await shard.Statistics(query));

    /// <summary>
    /// The test client may still route its next call through the killed silo's gateway; that call fails at once
    /// (in-memory transport) and the client drops the gateway. Retried under a deadline, never a fixed delay.
    /// </summary>
    private static async Task<T> UntilTheClientLeavesTheDeadGatewayAsync<T>(Func<Task<T>> call)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is ConnectionFailedException or SiloUnavailableException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task After_the_silo_hosting_a_shard_is_killed_the_shard_reactivates_elsewhere_with_every_acknowledged_document()
    {
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 3);
        var grains = cluster.Client;
        var spec = Schemas.Articles("durable-kill", shards: 6);
        await grains.GetGrain<IIndexCatalogGrain>(spec.Name).Create(spec);
        var written = await WriteAsync(grains, spec.Name, 6, "kill", perShard: 20);
        var deleted = written[0];
        Assert.True((await grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, ShardKeys.ShardOf(deleted, 6))).Delete([new DocumentDelete(deleted)]))[0].Ok);
        var before = await Task.WhenAll(Enumerable.Range(0, 6).Select(s => grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, s)).Describe()));
        // Not the primary silo: TestingHost keeps its membership table there. Of the others, the one hosting most shards.
        var victim = cluster.Cluster.Silos.Skip(1).MaxBy(silo => before.Count(info => info.Silo == silo.Name))!;
        var moved = before.Where(info => info.Silo == victim.Name).Select(info => info.Shard).ToList();

        await cluster.Cluster.KillSiloAsync(victim);
        var after = await UntilTheClientLeavesTheDeadGatewayAsync(() =>
            Task.WhenAll(Enumerable.Range(0, 6).Select(s => grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, s)).Describe())));

        Assert.All(after, info => Assert.NotEqual(victim.Name, info.Silo));
        Assert.Equal(before.Select(i => (i.Documents, i.LastSequence)), after.Select(i => (i.Documents, i.LastSequence)));
        foreach (string id in written)
        {
            var stored = await grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, ShardKeys.ShardOf(id, 6))).Get(id);
            if (id == deleted)
            {
                Assert.Null(stored);
            }
            else
            {
                Assert.Equal($"{id} durable", stored?.Fields["title"].GetString());
            }
        }
        foreach (int shard in moved)
        {
            var page = await SearchAsync(grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, shard)), "crash");
            Assert.Equal(after[shard].Documents, page.TotalHits);
        }
    }

    [Fact]
    public async Task A_restarted_cluster_loads_the_snapshot_and_replays_only_the_changes_after_it()
    {
        const string index = "durable-snapshot";
        var queries = new[] { "durable", "crash", "snap-3", "later" };
        ShardInfo infoBefore;
        List<(string Id, double Score)>[] resultsBefore;
        Grains.Storage.ShardSnapshotRow crashSnapshot;
        await using (var first = await SearchCluster.StartAsync(_file))
        {
            var grains = first.Client;
            await grains.GetGrain<IIndexCatalogGrain>(index).Create(Schemas.Articles(index));
            var shard = grains.GetGrain<IShardGrain>(ShardKeys.For(index, 0));
            var written = await WriteAsync(grains, index, 1, "snap", perShard: 40);
            await shard.Snapshot();
            var snapshotted = await shard.Describe();
            Assert.Equal((40L, 40L), (snapshotted.LastSequence, snapshotted.SnapshotSequence));
            crashSnapshot = (await first.Documents.ReadSnapshotAsync(index, 0, CancellationToken.None))!;

            Assert.All(await shard.Upsert([.. Enumerable.Range(0, 5).Select(i => new SourceDocument($"later-{i}", Schemas.Fields("""{"title":"later"}""")))]), o => Assert.True(o.Ok));
            Assert.All(await shard.Delete([.. written.Take(3).Select(id => new DocumentDelete(id))]), o => Assert.True(o.Ok));
            Assert.True((await shard.Upsert([new SourceDocument(written[10], Schemas.Fields("""{"title":"rewritten later"}"""))]))[0].Ok);
            infoBefore = await shard.Describe();
            resultsBefore = await Task.WhenAll(queries.Select(async q => (await SearchAsync(shard, q)).Hits.Select(h => (h.Id, h.Score)).ToList()));
            await KillAllAsync(first);
            // TestingHost's kill lets the shard deactivate (and snapshot); a real crash would not. Put back the
            // snapshot at sequence 40, so the store holds exactly what a crash leaves: that snapshot and 9 rows after it.
            await first.Documents.WriteSnapshotAsync(index, 0, crashSnapshot.Sequence, crashSnapshot.Payload, CancellationToken.None);
        }

        await using var second = await SearchCluster.StartAsync(_file);
        var restarted = second.Client.GetGrain<IShardGrain>(ShardKeys.For(index, 0));
        var infoAfter = await restarted.Describe();

        Assert.Equal(49, infoBefore.LastSequence);
        Assert.Equal(40, infoAfter.SnapshotSequence);
        Assert.Equal(infoBefore.LastSequence, infoAfter.LastSequence);
        Assert.Equal(infoBefore.Documents, infoAfter.Documents);
        Assert.Equal(42, infoAfter.Documents);
        for (int q = 0; q < queries.Length; q++)
        {
            var after = (await SearchAsync(restarted, queries[q])).Hits.Select(h => (h.Id, h.Score)).ToList();
            Assert.Equal(resultsBefore[q], after);
        }
        Assert.Null(await restarted.Get("snap-0"));
        // With one shard every id routes to it: written[10] is snap-10.
        var rewritten = await restarted.Get("snap-10");
        Assert.Equal(("rewritten later", 2L), (rewritten!.Fields["title"].GetString(), rewritten.Version));
        // Versions come back too: a delete before the snapshot still makes the next write version 3.
        Assert.Equal(3, (await restarted.Upsert([new SourceDocument("snap-1", Schemas.Fields("""{"title":"again"}"""))]))[0].Version);
    }

    [Fact]
    public async Task Vectors_come_back_from_the_snapshot_and_the_replayed_changes_after_a_crash()
    {
        const string index = "durable-vectors";
        var random = new Random(4242);
        string VectorJson() => $"[{random.NextSingle() + 0.1f:R},{random.NextSingle():R},{random.NextSingle():R}]";
        string VectorBase64() => VectorEncoding.ToBase64([random.NextSingle() + 0.1f, random.NextSingle(), random.NextSingle()]);
        string Embedding(int i) => i % 2 == 0 ? VectorJson() : "\"" + VectorBase64() + "\"";
        var nearest = new NearestQuery("embedding", [0.3f, 0.9f, 0.1f]);
        var semantic = new ShardQuery("", Limit: 50, Mode: SearchMode.Semantic, Nearest: nearest);
        var hybrid = new ShardQuery("vector", Limit: 50, Mode: SearchMode.Hybrid, Nearest: nearest);
        (List<(string, double)> Semantic, List<(string, double)> Keyword, List<(string, double)> Nearest) before;
        await using (var first = await SearchCluster.StartAsync(_file))
        {
            var grains = first.Client;
            await grains.GetGrain<IIndexCatalogGrain>(index).Create(Schemas.Articles(index));
            var shard = grains.GetGrain<IShardGrain>(ShardKeys.For(index, 0));
            Assert.All(await shard.Upsert([.. Enumerable.Range(0, 30).Select(i => new SourceDocument($"v-{i}", Schemas.Fields(
                $$"""{"title":"vector {{i}}","embedding":{{Embedding(i)}}}""")))]), o => Assert.True(o.Ok, o.Message));
            await shard.Snapshot();
            Assert.All(await shard.Upsert([.. Enumerable.Range(30, 10).Select(i => new SourceDocument($"v-{i}", Schemas.Fields(
                $$"""{"title":"vector later {{i}}","embedding":"{{VectorBase64()}}"}""")))]), o => Assert.True(o.Ok, o.Message));
            Assert.True((await shard.Upsert([new SourceDocument("v-3", Schemas.Fields($$"""{"title":"moved","embedding":{{VectorJson()}}}"""))]))[0].Ok);
            Assert.All(await shard.Delete([new DocumentDelete("v-4"), new DocumentDelete("v-31")]), o => Assert.True(o.Ok));
            before = await SearchBothAsync(shard);
            Assert.Equal(38, before.Semantic.Count);
            await KillAllAsync(first);
        }

        await using var second = await SearchCluster.StartAsync(_file);
        var after = await SearchBothAsync(second.Client.GetGrain<IShardGrain>(ShardKeys.For(index, 0)));
        Assert.Equal(before.Semantic, after.Semantic);
        Assert.Equal(before.Keyword, after.Keyword);
        Assert.Equal(before.Nearest, after.Nearest);
        Assert.Equal(before.Semantic, after.Nearest);

        async Task<(List<(string, double)> Semantic, List<(string, double)> Keyword, List<(string, double)> Nearest)> SearchBothAsync(IShardGrain shard)
        {
            var semanticPage = await shard.Search(semantic, await shard.Statistics(semantic));
            var hybridPage = await SearchWithOwnStatisticsAsync(shard, hybrid);
            return (
                semanticPage.Hits.Select(h => (h.Id, h.Score)).ToList(),
                hybridPage.Hits.Select(h => (h.Id, h.Score)).ToList(),
                hybridPage.NearestHits!.Select(h => (h.Id, h.Score)).ToList());
        }
    }

    [Fact]
    public async Task A_shard_with_new_writes_snapshots_on_its_timer_and_is_snapshotted_when_its_silo_stops_gracefully()
    {
        const string index = "durable-timer";
        var shards = new Grains.Documents.ShardOptions { SnapshotInterval = TimeSpan.FromMilliseconds(200) };
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 2, shards: shards);
        await cluster.Client.GetGrain<IIndexCatalogGrain>(index).Create(Schemas.Articles(index));
        var shard = cluster.Client.GetGrain<IShardGrain>(ShardKeys.For(index, 0));
        await WriteAsync(cluster.Client, index, 1, "timer", perShard: 10);

        // A condition wait: the 200 ms timer fires late on a loaded machine; only a deadline far beyond it fails the test.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await shard.Describe()).SnapshotSequence < 10)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        Assert.Equal(10, (await shard.Describe()).SnapshotSequence);
        Assert.Equal(10, (await cluster.Documents.ReadSnapshotAsync(index, 0, CancellationToken.None))!.Sequence);

        // A graceful stop leaves a snapshot covering every write (the deactivation writes it if the timer has not).
        await WriteAsync(cluster.Client, index, 1, "stop", perShard: 5);
        var host = (await shard.Describe()).Silo;
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos.Single(silo => silo.Name == host));

        Assert.Equal(15, (await cluster.Documents.ReadSnapshotAsync(index, 0, CancellationToken.None))!.Sequence);
        var moved = await shard.Describe();
        Assert.NotEqual(host, moved.Silo);
        Assert.Equal((15, 15L, 15L), (moved.Documents, moved.LastSequence, moved.SnapshotSequence));
    }

    [Fact]
    public async Task A_corrupt_snapshot_fails_activation_with_a_clear_error_instead_of_serving_a_partial_index()
    {
        const string index = "durable-corrupt";
        await using (var first = await SearchCluster.StartAsync(_file))
        {
            await first.Client.GetGrain<IIndexCatalogGrain>(index).Create(Schemas.Articles(index));
            await WriteAsync(first.Client, index, 1, "corrupt", perShard: 30);
            await first.Client.GetGrain<IShardGrain>(ShardKeys.For(index, 0)).Snapshot();
            await KillAllAsync(first);
        }
        await FlipSnapshotByteAsync(index);

        await using var second = await SearchCluster.StartAsync(_file);
        var shard = second.Client.GetGrain<IShardGrain>(ShardKeys.For(index, 0));
        var error = await Assert.ThrowsAsync<ShardUnavailableException>(() => shard.Describe());

        // The activation failure reaches the caller with the shard and the reason.
        Assert.Contains($"{index}/0", error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        // Still refused on the next call: no activation serves without its snapshot.
        await Assert.ThrowsAsync<ShardUnavailableException>(() => shard.Get("corrupt-0"));

        // The documents are all in the store, so removing the bad snapshot is the repair: full replay.
        await ExecuteAsync($"DELETE FROM shard_snapshots WHERE index_name = '{index}'");
        var info = await shard.Describe();
        Assert.Equal((30, 30L, 0L), (info.Documents, info.LastSequence, info.SnapshotSequence));
    }

    private async Task FlipSnapshotByteAsync(string index)
    {
        var store = new Grains.Storage.SqlDocumentStore(SqlDialect.Sqlite(_file.ConnectionString));
        var snapshot = await store.ReadSnapshotAsync(index, 0, CancellationToken.None);
        Assert.NotNull(snapshot);
        var payload = snapshot.Payload;
        payload[payload.Length / 2] ^= 0x5A;
        await store.WriteSnapshotAsync(index, 0, snapshot.Sequence, payload, CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
