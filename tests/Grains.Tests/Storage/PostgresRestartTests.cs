using System.Text;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Tests.Storage;

/// <summary>
/// The document store across a PostgreSQL restart, on a server of its own (the shared one must keep running for
/// the other tests): while it is down every call is a <see cref="StoreUnavailableException"/>; once it is back the
/// very next write succeeds although every pooled connection died with the old server; nothing written is lost.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private const string Index = "restart";
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>More connections than one: each would fail one call after the restart if the pool were not cleared.</summary>
    private const int PooledConnections = 4;

    private PostgresServer _server = null!;
    private SqlDocumentStore _store = null!;

    /// <summary>The server and a store over it whose pool holds several open connections.</summary>
    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _store = new SqlDocumentStore(SqlDialect.Postgres(_server.ConnectionString));
        await _store.InitializeAsync(None);
        await Task.WhenAll(Enumerable.Range(1, PooledConnections).Select(n => _store.WriteAsync(Index, 0, [Change(n)], None)));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_first_write_after_a_restart_succeeds_on_a_pool_of_dead_connections()
    {
        var (server, store) = (_server, _store);
        long sequence = PooledConnections;

        await server.StopAsync();
        await server.StartAgainAsync();

        await store.WriteAsync(Index, 0, [Change(++sequence)], None);
        await store.PingAsync(None);
        Assert.Equal(sequence, (await ChangesAsync(store)).Count);
    }

    [Fact]
    public async Task While_the_server_is_down_calls_are_store_unavailable_and_writes_succeed_again_once_it_is_back()
    {
        var (server, store) = (_server, _store);
        long sequence = PooledConnections;

        await server.StopAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync(Index, 0, [Change(sequence + 1)], None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAsync(Index, 0, "doc-1", None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadSnapshotAsync(Index, 0, None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PingAsync(None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => ChangesAsync(store));

        await server.StartAgainAsync();
        // The refused write gave its sequence number back (as the shard does): it is written now, first try.
        await store.WriteAsync(Index, 0, [Change(++sequence)], None);
        Assert.Equal(Enumerable.Range(1, (int)sequence).Select(n => $"doc-{n}"), (await ChangesAsync(store)).Select(change => change.Id));
    }

    private static DocumentChange Change(long sequence) => new($"doc-{sequence}", 1, sequence, Encoding.UTF8.GetBytes("{}"));

    private static async Task<List<DocumentChange>> ChangesAsync(SqlDocumentStore store)
    {
        var changes = new List<DocumentChange>();
        await foreach (var change in store.ReadChangesAsync(Index, 0, 0, None))
        {
            changes.Add(change);
        }
        return changes;
    }
}
