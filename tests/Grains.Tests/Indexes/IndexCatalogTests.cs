using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Indexes;

[Collection(SearchClusterCollection.Name)]
public sealed class IndexCatalogTests(SearchClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private async Task<IReadOnlyList<string>> ListedAsync() => await Grains.GetGrain<IIndexRegistryGrain>(IIndexRegistryGrain.Key).List();

    [Fact]
    public async Task A_created_index_is_described_at_generation_one_and_listed()
    {
        var spec = Schemas.Articles("catalog-create", shards: 3);
        var before = DateTimeOffset.UtcNow;
        var created = await Grains.GetGrain<IIndexCatalogGrain>(spec.Name).Create(spec);

        var described = await Grains.GetGrain<IIndexCatalogGrain>(spec.Name).Describe();
        Assert.NotNull(described);
        Assert.Equal(1, described.Generation);
        Assert.Equal(3, described.Spec.ShardCount);
        Assert.Equal(spec.Fields, described.Spec.Fields);
        Assert.Equal(created.CreatedAt, described.CreatedAt);
        Assert.InRange(described.CreatedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Contains(spec.Name, await ListedAsync());
    }

    [Fact]
    public async Task Creating_again_with_the_same_spec_returns_the_same_description()
    {
        var spec = Schemas.Articles("catalog-again");
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        var first = await catalog.Create(spec);
        await catalog.Advance();

        // An equal spec built anew (not the same list instance) is the same definition.
        var second = await catalog.Create(Schemas.Articles("catalog-again"));

        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(2, second.Generation);
    }

    [Fact]
    public async Task Creating_again_with_another_spec_is_refused_and_keeps_the_first()
    {
        var spec = Schemas.Articles("catalog-conflict", shards: 2);
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);

        foreach (var other in new[] { spec with { ShardCount = 3 }, spec with { K1 = 1.2 }, spec with { Fields = [.. spec.Fields.Take(2)] } })
        {
            var error = await Assert.ThrowsAsync<IndexExistsException>(() => catalog.Create(other));
            Assert.Contains("different definition", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(2, (await catalog.Describe())!.Spec.ShardCount);
    }

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        // case, grain key (the index name), what the message names
        { "upper-case name", "Bad-Name", "'Bad-Name'" },
        { "name starting with a digit", "9lives", "'9lives'" },
        { "no shards", "catalog-zero-shards", "shard_count is 0" },
        { "too many shards", "catalog-many-shards", "shard_count is 257" },
        { "no text field", "catalog-no-text", "at least one text field" },
        { "no fields", "catalog-no-fields", "this one has 0" },
        { "unknown analyzer", "catalog-analyzer", "analyzer 'klingon'" },
        { "unknown vector metric", "catalog-metric", "metric 'manhattan'" },
        { "negative k1", "catalog-k1", "k1 is -1" },
        { "b above one", "catalog-b", "b is 1.5" },
        { "negative replicas", "catalog-replicas-negative", "replicas is -1" },
        { "too many replicas", "catalog-replicas-many", "replicas is 5" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task An_invalid_spec_is_refused_with_a_message_naming_the_bad_value_and_nothing_is_persisted(string @case, string name, string named)
    {
        var valid = Schemas.Articles(name);
        var spec = @case switch
        {
            "no shards" => valid with { ShardCount = 0 },
            "too many shards" => valid with { ShardCount = 257 },
            "no text field" => valid with { Fields = [new FieldSpec("tag", FieldKind.Keyword)] },
            "no fields" => valid with { Fields = [] },
            "unknown analyzer" => valid with { Fields = [new FieldSpec("body", FieldKind.Text, Analyzer: "klingon")] },
            "unknown vector metric" => valid with { Fields = [new FieldSpec("body", FieldKind.Text), new FieldSpec("v", FieldKind.Vector, Dimension: 2, Metric: "manhattan")] },
            "negative k1" => valid with { K1 = -1 },
            "b above one" => valid with { B = 1.5 },
            "negative replicas" => valid with { Replicas = -1 },
            "too many replicas" => valid with { Replicas = IndexSpec.MaxReplicas + 1 },
            _ => valid,
        };
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(name);

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => catalog.Create(spec));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Null(await catalog.Describe());
        Assert.DoesNotContain(name, await ListedAsync());
    }

    [Fact]
    public async Task A_spec_naming_another_index_than_its_catalog_entry_is_refused()
    {
        await Assert.ThrowsAsync<InvalidArgumentException>(() => Grains.GetGrain<IIndexCatalogGrain>("catalog-key").Create(Schemas.Articles("catalog-other")));
        Assert.Null(await Grains.GetGrain<IIndexCatalogGrain>("catalog-key").Describe());
    }

    [Fact]
    public async Task Advance_moves_the_generation_forward_one_step_at_a_time()
    {
        var spec = Schemas.Articles("catalog-advance");
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);

        Assert.Equal(2, await catalog.Advance());
        Assert.Equal(3, await catalog.Advance());
        Assert.Equal(3, (await catalog.Describe())!.Generation);
    }

    [Fact]
    public async Task Concurrent_advances_each_get_their_own_generation()
    {
        var spec = Schemas.Articles("catalog-concurrent-advance");
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);

        var generations = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => catalog.Advance()));

        Assert.Equal(Enumerable.Range(2, 40).Select(g => (long)g), generations.Order());
        Assert.Equal(41, (await catalog.Describe())!.Generation);
    }

    [Fact]
    public async Task Of_concurrent_creates_with_different_specs_exactly_one_wins()
    {
        const string name = "catalog-concurrent-create";
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(name);
        var attempts = Enumerable.Range(1, 8).Select(shards => catalog.Create(Schemas.Articles(name, shards))).ToList();

        var settled = await Task.WhenAll(attempts.Select(async attempt =>
        {
            try
            {
                return (await attempt).Spec.ShardCount;
            }
            catch (IndexExistsException)
            {
                return 0;
            }
        }));

        int winner = Assert.Single(settled, shards => shards != 0);
        Assert.Equal(winner, (await catalog.Describe())!.Spec.ShardCount);
    }

    [Fact]
    public async Task Advance_and_drop_of_a_missing_index_say_it_does_not_exist()
    {
        var catalog = Grains.GetGrain<IIndexCatalogGrain>("catalog-missing");
        var advance = await Assert.ThrowsAsync<IndexNotFoundException>(() => catalog.Advance());
        var drop = await Assert.ThrowsAsync<IndexNotFoundException>(() => catalog.Drop());
        Assert.All([advance, drop], error =>
        {
            Assert.Contains("'catalog-missing' does not exist", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Drop_removes_the_definition_the_listing_and_every_shards_documents()
    {
        var spec = Schemas.Articles("catalog-drop", shards: 4);
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);
        // Documents on two shards; the other two never activate before the drop.
        foreach (int shard in new[] { 0, 2 })
        {
            var documents = Schemas.IdsOnShard("drop", shard, 4, 3).Select(id => new SourceDocument(id, Schemas.Fields("""{"title":"to be dropped"}"""))).ToList();
            Assert.All(await Grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, shard)).Upsert(documents), outcome => Assert.True(outcome.Ok));
            await Grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, shard)).Snapshot();
        }

        await catalog.Drop();

        Assert.Null(await catalog.Describe());
        Assert.DoesNotContain(spec.Name, await ListedAsync());
        var store = fixture.Cluster.Documents;
        for (int shard = 0; shard < 4; shard++)
        {
            await foreach (var change in store.ReadChangesAsync(spec.Name, shard, 0, CancellationToken.None))
            {
                Assert.Fail($"shard {shard} still has document '{change.Id}' after the drop");
            }
            Assert.Null(await store.ReadSnapshotAsync(spec.Name, shard, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_shard_of_a_dropped_index_refuses_writes_and_writes_nothing()
    {
        var spec = Schemas.Articles("catalog-write-after-drop", shards: 1);
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);
        var shard = Grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, 0));
        Assert.True((await shard.Upsert([new SourceDocument("before", Schemas.Fields("""{"title":"before the drop"}"""))]))[0].Ok);

        await catalog.Drop();
        var error = await Assert.ThrowsAsync<IndexNotFoundException>(() => shard.Upsert([new SourceDocument("after", Schemas.Fields("""{"title":"after the drop"}"""))]));

        Assert.Contains("'catalog-write-after-drop' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Null(await fixture.Cluster.Documents.ReadAsync(spec.Name, 0, "after", CancellationToken.None));
    }

    [Fact]
    public async Task A_dropped_index_can_be_created_again_empty_with_another_schema()
    {
        var spec = Schemas.Articles("catalog-recreate", shards: 1);
        var catalog = Grains.GetGrain<IIndexCatalogGrain>(spec.Name);
        await catalog.Create(spec);
        var shard = Grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, 0));
        Assert.True((await shard.Upsert([new SourceDocument("old", Schemas.Fields("""{"title":"old schema"}"""))]))[0].Ok);

        await catalog.Drop();
        var recreated = spec with { Fields = [new FieldSpec("text", FieldKind.Text, Analyzer: "simple")] };
        var description = await catalog.Create(recreated);

        Assert.Equal(1, description.Generation);
        Assert.Null(await shard.Get("old"));
        Assert.Equal(0, (await shard.Describe()).Documents);
        var outcome = Assert.Single(await shard.Upsert([new SourceDocument("new", Schemas.Fields("""{"text":"new schema"}"""))]));
        Assert.True(outcome.Ok, outcome.Message);
    }
}
