using OrleansSearch.Grains.Documents;
using System.Text.Json;
using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>Writes, reads and queries of one shard grain, checked against what reaches the document store.</summary>
[Collection(SearchClusterCollection.Name)]
public sealed class ShardGrainTests(SearchClusterFixture fixture)
{
    private const int Shards = 2;
    private const int Shard = 1;

    private IGrainFactory Grains => fixture.Cluster.Client;

    private async Task<IShardGrain> ShardOfNewIndexAsync(string name)
    {
        await Grains.GetGrain<IIndexCatalogGrain>(name).Create(Schemas.Articles(name, Shards));
        return Grains.GetGrain<IShardGrain>(ShardKeys.For(name, Shard));
    }

    private Task<Grains.Storage.DocumentChange?> StoredRowAsync(string index, string id) => fixture.Cluster.Documents.ReadAsync(index, Shard, id, CancellationToken.None);

    private static SourceDocument Document(string id, string json, long? ifVersion = null) => new(id, Schemas.Fields(json), ifVersion);

    [Fact]
    public async Task An_upserted_document_is_acknowledged_at_version_one_and_read_back_with_its_fields()
    {
        var shard = await ShardOfNewIndexAsync("shard-upsert");
        string id = Schemas.IdsOnShard("doc", Shard, Shards, 1)[0];

        var outcome = Assert.Single(await shard.Upsert([Document(id, """{"title":"Grains","tag":["a","b"],"year":2024,"embedding":[1,0,0.5]}""")]));

        Assert.Equal(new DocumentOutcome(id, true, 1), outcome);
        var stored = await shard.Get(id);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal("Grains", stored.Fields["title"].GetString());
        Assert.Equal(["a", "b"], stored.Fields["tag"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2024, stored.Fields["year"].GetInt32());
        Assert.Equal(1, (await shard.Describe()).Documents);
        Assert.Null(await shard.Get("never-written"));
    }

    [Fact]
    public async Task Upserting_the_same_id_again_replaces_the_document_and_bumps_its_version()
    {
        var shard = await ShardOfNewIndexAsync("shard-reupsert");
        string id = Schemas.IdsOnShard("doc", Shard, Shards, 1)[0];
        await shard.Upsert([Document(id, """{"title":"first"}""")]);

        var again = Assert.Single(await shard.Upsert([Document(id, """{"title":"first"}""")]));
        var changed = Assert.Single(await shard.Upsert([Document(id, """{"title":"second"}""")]));

        Assert.Equal((true, 2L), (again.Ok, again.Version));
        Assert.Equal((true, 3L), (changed.Ok, changed.Version));
        Assert.Equal("second", (await shard.Get(id))!.Fields["title"].GetString());
        Assert.Equal(3, (await StoredRowAsync("shard-reupsert", id))!.Version);
        var info = await shard.Describe();
        Assert.Equal(1, info.Documents);
        Assert.Equal(3, info.LastSequence);
    }

    public static TheoryData<string, string> InvalidDocuments => new()
    {
        { """{"title":5}""", "Text field 'title'" },
        { """{"colour":"red"}""", "Field 'colour' is not in the schema" },
        { """{"year":"2024"}""", "Number field 'year'" },
        { """{"tag":[1,2]}""", "Keyword field 'tag'" },
        { """{"embedding":[1,2]}""", "has dimension 3; the document gives 2" },
        { """{"embedding":[1,2,"x"]}""", "component 2" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task A_document_that_does_not_fit_the_schema_is_refused_alone_and_nothing_of_it_is_written(string json, string reason)
    {
        string index = $"shard-invalid-{OrleansSearch.Grains.StableHashing.Hash(json) % 100_000}";
        var shard = await ShardOfNewIndexAsync(index);
        var ids = Schemas.IdsOnShard("doc", Shard, Shards, 2);

        var outcomes = await shard.Upsert([Document(ids[0], json), Document(ids[1], """{"title":"valid"}""")]);

        Assert.False(outcomes[0].Ok);
        Assert.Equal(DocumentErrorCodes.InvalidDocument, outcomes[0].ErrorCode);
        Assert.Contains(reason, outcomes[0].Message, StringComparison.Ordinal);
        Assert.Null(await StoredRowAsync(index, ids[0]));
        Assert.Null(await shard.Get(ids[0]));
        Assert.True(outcomes[1].Ok);
        Assert.NotNull(await StoredRowAsync(index, ids[1]));
        Assert.Equal(1, (await shard.Describe()).Documents);
    }

    [Fact]
    public async Task A_document_whose_id_hashes_to_another_shard_is_refused()
    {
        var shard = await ShardOfNewIndexAsync("shard-routing");
        string elsewhere = Schemas.IdsOnShard("doc", 0, Shards, 1)[0];

        var outcome = Assert.Single(await shard.Upsert([Document(elsewhere, """{"title":"lost"}""")]));

        Assert.Equal(DocumentErrorCodes.InvalidDocument, outcome.ErrorCode);
        Assert.Contains("belongs to shard 0, not 1", outcome.Message, StringComparison.Ordinal);
        Assert.Null(await StoredRowAsync("shard-routing", elsewhere));
    }

    [Fact]
    public async Task If_version_zero_creates_only_and_another_expected_version_must_match()
    {
        var shard = await ShardOfNewIndexAsync("shard-if-version");
        string id = Schemas.IdsOnShard("doc", Shard, Shards, 1)[0];

        Assert.True((await shard.Upsert([Document(id, """{"title":"v1"}""", ifVersion: 0)]))[0].Ok);
        var exists = Assert.Single(await shard.Upsert([Document(id, """{"title":"not written"}""", ifVersion: 0)]));
        var stale = Assert.Single(await shard.Upsert([Document(id, """{"title":"not written"}""", ifVersion: 7)]));
        var current = Assert.Single(await shard.Upsert([Document(id, """{"title":"v2"}""", ifVersion: 1)]));

        Assert.Equal(DocumentErrorCodes.VersionConflict, exists.ErrorCode);
        Assert.Contains("at version 1, not 0", exists.Message, StringComparison.Ordinal);
        Assert.Equal(DocumentErrorCodes.VersionConflict, stale.ErrorCode);
        Assert.Equal((true, 2L), (current.Ok, current.Version));
        Assert.Equal("v2", (await shard.Get(id))!.Fields["title"].GetString());
        Assert.Equal(2, (await StoredRowAsync("shard-if-version", id))!.Version);
    }

    [Fact]
    public async Task Deletes_report_not_found_and_conflicts_and_leave_a_tombstone_the_next_write_continues_from()
    {
        var shard = await ShardOfNewIndexAsync("shard-delete");
        var ids = Schemas.IdsOnShard("doc", Shard, Shards, 2);
        await shard.Upsert([Document(ids[0], """{"title":"doomed"}""")]);

        var outcomes = await shard.Delete([new DocumentDelete(ids[1]), new DocumentDelete(ids[0], IfVersion: 5)]);
        Assert.Equal(DocumentErrorCodes.NotFound, outcomes[0].ErrorCode);
        Assert.Equal(DocumentErrorCodes.VersionConflict, outcomes[1].ErrorCode);
        Assert.NotNull(await shard.Get(ids[0]));

        var deleted = Assert.Single(await shard.Delete([new DocumentDelete(ids[0], IfVersion: 1)]));
        Assert.Equal((true, 2L), (deleted.Ok, deleted.Version));
        Assert.Null(await shard.Get(ids[0]));
        Assert.True((await StoredRowAsync("shard-delete", ids[0]))!.Deleted);
        Assert.Equal(DocumentErrorCodes.NotFound, (await shard.Delete([new DocumentDelete(ids[0])]))[0].ErrorCode);
        Assert.Equal(0, (await shard.Describe()).Documents);

        // Created again: not "exists" for if_version 0, and versions keep counting up.
        var recreated = Assert.Single(await shard.Upsert([Document(ids[0], """{"title":"back"}""", ifVersion: 0)]));
        Assert.Equal((true, 3L), (recreated.Ok, recreated.Version));
    }

    [Fact]
    public async Task Concurrent_writes_and_searches_leave_every_write_acknowledged_once_with_distinct_sequences()
    {
        const string index = "shard-concurrent";
        var shard = await ShardOfNewIndexAsync(index);
        var batches = Schemas.IdsOnShard("doc", Shard, Shards, 200).Chunk(20).ToList();
        var query = new ShardQuery("concurrent");

        var writes = batches.Select(batch => shard.Upsert([.. batch.Select(id => Document(id, """{"body":"concurrent writes"}"""))])).ToList();
        var searches = Enumerable.Range(0, 20).Select(async _ => await shard.Search(query, await shard.Statistics(query))).ToList();
        var outcomes = (await Task.WhenAll(writes)).SelectMany(o => o).ToList();
        await Task.WhenAll(searches);

        Assert.All(outcomes, outcome => Assert.Equal((true, 1L), (outcome.Ok, outcome.Version)));
        var info = await shard.Describe();
        Assert.Equal((200, 200L), (info.Documents, info.LastSequence));
        var sequences = new List<long>();
        await foreach (var change in fixture.Cluster.Documents.ReadChangesAsync(index, Shard, 0, CancellationToken.None))
        {
            sequences.Add(change.Sequence);
        }
        Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), sequences);
        Assert.Equal(200, (await shard.Search(query, await shard.Statistics(query))).TotalHits);
    }

    [Fact]
    public async Task A_batch_larger_than_the_limit_is_refused_whole()
    {
        var shard = await ShardOfNewIndexAsync("shard-batch-limit");
        var documents = Schemas.IdsOnShard("doc", Shard, Shards, 1_001).Select(id => Document(id, """{"title":"x"}""")).ToList();

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => shard.Upsert(documents));

        Assert.Contains("1001 documents; the limit per shard call is 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await shard.Describe()).LastSequence);
    }

    [Fact]
    public async Task Searching_two_shards_with_their_summed_statistics_ranks_like_one_collection()
    {
        const string index = "shard-search";
        await Grains.GetGrain<IIndexCatalogGrain>(index).Create(Schemas.Articles(index, Shards));
        var texts = new Dictionary<string, string>
        {
            ["orleans"] = "virtual actors in the orleans runtime",
            ["grains"] = "grains are virtual actors",
            ["bm25"] = "bm25 ranks documents by term statistics",
            ["shards"] = "shards split an index; statistics are summed over shards",
            ["cats"] = "cats sleep all day",
        };
        for (int shard = 0; shard < Shards; shard++)
        {
            var mine = texts.Where(t => ShardKeys.ShardOf(t.Key, Shards) == shard).Select(t => new SourceDocument(t.Key, new Dictionary<string, JsonElement> { ["body"] = JsonSerializer.SerializeToElement(t.Value) })).ToList();
            Assert.All(await Grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard)).Upsert(mine), o => Assert.True(o.Ok, o.Message));
        }
        var shards = Enumerable.Range(0, Shards).Select(s => Grains.GetGrain<IShardGrain>(ShardKeys.For(index, s))).ToList();
        var query = new ShardQuery("virtual statistics");

        var perShard = await Task.WhenAll(shards.Select(s => s.Statistics(query)));
        var global = GlobalStatistics.Sum(perShard);
        var pages = await Task.WhenAll(shards.Select(s => s.Search(query, global)));
        var merged = pages.SelectMany(p => p.Hits).OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(5, global.Fields["body"].DocumentCount);
        Assert.Equal(2, global.DocumentFrequencies["body"]["virtual"]);
        Assert.Equal(texts.Count, perShard.Sum(s => s.Fields["body"].DocumentCount));
        Assert.Equal(["bm25", "grains", "orleans", "shards"], merged.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, pages.Sum(p => p.TotalHits));
        Assert.All(merged, hit => Assert.True(hit.Score > 0));
        // "grains" is the shorter of the two "virtual" documents: BM25 puts it above "orleans".
        Assert.True(merged.FindIndex(h => h.Id == "grains") < merged.FindIndex(h => h.Id == "orleans"));
    }
}
