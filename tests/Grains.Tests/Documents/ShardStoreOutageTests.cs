using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>
/// A shard whose store fails a write: refused before anything was stored (nothing applied, the sequence numbers
/// given back), or stored with the answer lost (reported as of unknown outcome, and read back from the store before
/// the shard serves another write or document read, so its memory never diverges from what is stored).
/// </summary>
public sealed class ShardStoreOutageTests : IAsyncLifetime
{
    private const string Index = "outage";

    private readonly SqliteTestFile _file = new();
    private SimulatedOutageStore? _store;
    private SearchCluster _cluster = null!;
    private IShardGrain _shard = null!;

    /// <summary>The one silo's store, wrapped when the silo starts.</summary>
    private SimulatedOutageStore Store => _store ?? throw new InvalidOperationException("The silo has not created its store yet.");

    /// <summary>A one-shard index holding document <c>first</c> at sequence 1.</summary>
    public async Task InitializeAsync()
    {
        _cluster = await SearchCluster.StartAsync(_file, configureSiloServices: services => services.Decorate<IDocumentStore>(store => _store = new SimulatedOutageStore(store)));
        await _cluster.Client.GetGrain<IIndexCatalogGrain>(Index).Create(Schemas.Articles(Index));
        _shard = _cluster.Client.GetGrain<IShardGrain>(ShardKeys.For(Index, 0));
        await UpsertAsync(_shard, "first");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task A_write_whose_commit_answer_was_lost_is_reported_unknown_and_the_shard_catches_up_before_serving_more()
    {
        var shard = _shard;
        Store.Failure = SimulatedStoreFailure.CommitAnswerLost;
        await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => UpsertAsync(shard, "lost"));
        Store.Failure = SimulatedStoreFailure.None;

        // It was stored: a read by id finds it, and memory agrees with the store from then on.
        var lost = await shard.Get("lost");
        Assert.NotNull(lost);
        Assert.Equal(1, lost.Version);
        await UpsertAsync(shard, "after");
        var info = await shard.Describe();
        Assert.Equal((3, 3L), (info.Documents, info.LastSequence));
        var stored = await StoredAsync();
        Assert.Equal([("first", 1L), ("lost", 2L), ("after", 3L)], stored.Select(change => (change.Id, change.Sequence)));
        var page = await shard.Search(new ShardQuery("outage", Limit: 10), await shard.Statistics(new ShardQuery("outage", Limit: 10)));
        Assert.Equal(3, page.Hits.Count);
    }

    [Fact]
    public async Task A_write_the_store_refused_is_store_unavailable_and_leaves_nothing_behind()
    {
        var shard = _shard;
        Store.Failure = SimulatedStoreFailure.Unreachable;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => UpsertAsync(shard, "refused"));
        Assert.Null(await shard.Get("refused"));
        Store.Failure = SimulatedStoreFailure.None;

        // The store is back: the retry is the next write, at the sequence number the refused one gave back.
        await UpsertAsync(shard, "refused");
        Assert.Equal([("first", 1L), ("refused", 2L)], (await StoredAsync()).Select(change => (change.Id, change.Sequence)));
        Assert.Equal(2, (await shard.Describe()).Documents);
    }

    private static async Task UpsertAsync(IShardGrain shard, string id)
    {
        var outcomes = await shard.Upsert([new SourceDocument(id, Schemas.Fields($$"""{"title":"{{id}}","body":"outage"}"""))]);
        Assert.True(outcomes[0].Ok, outcomes[0].Message);
    }

    private async Task<List<DocumentChange>> StoredAsync()
    {
        var changes = new List<DocumentChange>();
        await foreach (var change in _cluster.Documents.ReadChangesAsync(Index, 0, 0, CancellationToken.None))
        {
            changes.Add(change);
        }
        return changes;
    }
}
