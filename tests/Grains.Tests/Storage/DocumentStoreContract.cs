using System.Text;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Grains.Tests.Storage;

/// <summary>
/// What every <see cref="IDocumentStore"/> must do, whatever database is under it. Each provider's test
/// class supplies a fresh, initialized store; the same facts hold for all of them.
/// </summary>
public abstract class DocumentStoreContract
{
    /// <summary>A new store over an empty database, already initialized.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    /// <summary>A second, uninitialized store over the same empty database as a fresh one: for racing initialization.</summary>
    protected abstract Task<IReadOnlyList<IDocumentStore>> CreateUninitializedStoresOverOneDatabaseAsync(int count);

    private static readonly CancellationToken None = CancellationToken.None;

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<List<DocumentChange>> ChangesAsync(IDocumentStore store, string index, int shard, long after)
    {
        var changes = new List<DocumentChange>();
        await foreach (var change in store.ReadChangesAsync(index, shard, after, None))
        {
            changes.Add(change);
        }
        return changes;
    }

    [Fact]
    public async Task Changes_after_a_sequence_come_back_in_sequence_order_with_their_payloads()
    {
        var store = await CreateStoreAsync();
        // Written out of id order and out of sequence order within the batch: reads follow the sequence.
        await store.WriteAsync("books", 0, [new("c", 1, 3, Json("{\"t\":\"c\"}")), new("a", 1, 1, Json("{\"t\":\"a\"}")), new("b", 1, 2, Json("{\"t\":\"b\"}"))], None);
        await store.WriteAsync("books", 0, [new("d", 1, 4, Json("{\"t\":\"d\"}"))], None);

        var all = await ChangesAsync(store, "books", 0, 0);
        Assert.Equal(["a", "b", "c", "d"], all.Select(c => c.Id));
        Assert.Equal([1L, 2, 3, 4], all.Select(c => c.Sequence));
        Assert.Equal("{\"t\":\"c\"}", Encoding.UTF8.GetString(all[2].Payload!));

        var later = await ChangesAsync(store, "books", 0, 2);
        Assert.Equal(["c", "d"], later.Select(c => c.Id));
        Assert.Empty(await ChangesAsync(store, "books", 0, 4));
    }

    [Fact]
    public async Task An_upsert_replaces_the_row_so_a_document_appears_once_at_its_latest_sequence()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new("a", 1, 1, Json("1")), new("b", 1, 2, Json("2"))], None);
        await store.WriteAsync("books", 0, [new("a", 2, 3, Json("\"again\""))], None);

        var all = await ChangesAsync(store, "books", 0, 0);
        Assert.Equal(["b", "a"], all.Select(c => c.Id));
        var a = all[1];
        Assert.Equal((2L, 3L, "\"again\""), (a.Version, a.Sequence, Encoding.UTF8.GetString(a.Payload!)));
        Assert.Equal(["a"], (await ChangesAsync(store, "books", 0, 2)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_tombstone_is_a_row_with_no_payload_that_replay_sees_as_deleted()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new("a", 1, 1, Json("{}"))], None);
        await store.WriteAsync("books", 0, [new("a", 2, 2, null)], None);

        var row = await store.ReadAsync("books", 0, "a", None);
        Assert.NotNull(row);
        Assert.True(row.Deleted);
        Assert.Null(row.Payload);
        Assert.Equal(2, row.Version);
        var changes = await ChangesAsync(store, "books", 0, 1);
        Assert.True(Assert.Single(changes).Deleted);
    }

    [Fact]
    public async Task Reading_one_document_gives_its_current_row_or_null()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new("a", 1, 1, Json("[1]")), new("a", 2, 2, Json("[2]"))], None);

        var row = await store.ReadAsync("books", 0, "a", None);
        Assert.Equal(new DocumentChange("a", 2, 2, null) with { Payload = row!.Payload }, row);
        Assert.Equal("[2]", Encoding.UTF8.GetString(row.Payload!));
        Assert.Null(await store.ReadAsync("books", 0, "missing", None));
        Assert.Null(await store.ReadAsync("books", 1, "a", None));
    }

    [Fact]
    public async Task A_snapshot_is_written_read_and_replaced_whole()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.ReadSnapshotAsync("books", 0, None));

        byte[] first = [.. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31))];
        await store.WriteSnapshotAsync("books", 0, 5, first, None);
        var read = await store.ReadSnapshotAsync("books", 0, None);
        Assert.Equal(5, read!.Sequence);
        Assert.Equal(first, read.Payload);

        await store.WriteSnapshotAsync("books", 0, 9, new byte[] { 1, 2, 3 }.AsMemory(1, 2), None);
        read = await store.ReadSnapshotAsync("books", 0, None);
        Assert.Equal(9, read!.Sequence);
        Assert.Equal([2, 3], read.Payload);
    }

    [Fact]
    public async Task Dropping_a_shard_removes_its_rows_and_snapshot_and_nothing_else()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new("a", 1, 1, Json("0"))], None);
        await store.WriteAsync("books", 1, [new("b", 1, 1, Json("1"))], None);
        await store.WriteSnapshotAsync("books", 0, 1, new byte[] { 7 }, None);
        await store.WriteSnapshotAsync("books", 1, 1, new byte[] { 8 }, None);

        await store.DropAsync("books", 0, None);

        Assert.Empty(await ChangesAsync(store, "books", 0, 0));
        Assert.Null(await store.ReadAsync("books", 0, "a", None));
        Assert.Null(await store.ReadSnapshotAsync("books", 0, None));
        Assert.Equal(["b"], (await ChangesAsync(store, "books", 1, 0)).Select(c => c.Id));
        Assert.Equal([8], (await store.ReadSnapshotAsync("books", 1, None))!.Payload);
    }

    [Fact]
    public async Task Indexes_and_shards_are_isolated_even_for_the_same_document_id()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new("same", 1, 1, Json("\"books/0\""))], None);
        await store.WriteAsync("books", 1, [new("same", 4, 1, Json("\"books/1\""))], None);
        await store.WriteAsync("films", 0, [new("same", 7, 1, Json("\"films/0\""))], None);
        // A prefix of another index's name must not match it.
        await store.WriteAsync("book", 0, [new("same", 9, 1, Json("\"book/0\""))], None);

        foreach (var (index, shard, version) in new[] { ("books", 0, 1L), ("books", 1, 4L), ("films", 0, 7L), ("book", 0, 9L) })
        {
            var changes = await ChangesAsync(store, index, shard, 0);
            var only = Assert.Single(changes);
            Assert.Equal(version, only.Version);
            Assert.Equal($"\"{index}/{shard}\"", Encoding.UTF8.GetString(only.Payload!));
        }
    }

    [Fact]
    public async Task Concurrent_initializations_of_one_database_all_succeed_and_leave_one_working_schema()
    {
        var stores = await CreateUninitializedStoresOverOneDatabaseAsync(6);
        await Task.WhenAll(stores.Select(store => store.InitializeAsync(None)));
        await stores[0].InitializeAsync(None);

        await stores[1].WriteAsync("books", 0, [new("a", 1, 1, Json("{}"))], None);
        Assert.Equal("a", (await stores[^1].ReadAsync("books", 0, "a", None))!.Id);
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("\"quoted\" -- ; DROP TABLE documents")]
    [InlineData("naïve café 東京 🚀")]
    [InlineData("back\\slash/and%percent_underscore")]
    public async Task Ids_with_quotes_and_unicode_are_stored_and_found_exactly(string id)
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("books", 0, [new(id, 1, 1, Json("\"x\"")), new(id + "2", 1, 2, Json("\"y\""))], None);

        Assert.Equal(id, (await store.ReadAsync("books", 0, id, None))!.Id);
        Assert.Equal([id, id + "2"], (await ChangesAsync(store, "books", 0, 0)).Select(c => c.Id));
        await store.WriteAsync("books", 0, [new(id, 2, 3, null)], None);
        Assert.True((await store.ReadAsync("books", 0, id, None))!.Deleted);
        Assert.False((await store.ReadAsync("books", 0, id + "2", None))!.Deleted);
    }

    [Fact]
    public async Task A_large_batch_is_written_in_one_go()
    {
        var store = await CreateStoreAsync();
        var batch = Enumerable.Range(1, 2_000).Select(i => new DocumentChange($"doc-{i}", 1, i, Json($"{{\"n\":{i}}}"))).ToList();
        await store.WriteAsync("books", 3, batch, None);

        var changes = await ChangesAsync(store, "books", 3, 1_000);
        Assert.Equal(1_000, changes.Count);
        Assert.Equal(Enumerable.Range(1_001, 1_000).Select(i => (long)i), changes.Select(c => c.Sequence));
    }
}
