using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Tests.Support;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDocumentStoreTests(PostgresFixture postgres) : DocumentStoreContract, IAsyncLifetime
{
    private readonly List<SqlDocumentStore> _stores = [];

    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        var store = (await CreateUninitializedStoresOverOneDatabaseAsync(1))[0];
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task<IReadOnlyList<IDocumentStore>> CreateUninitializedStoresOverOneDatabaseAsync(int count)
    {
        // A schema of its own per store: an empty database in about 10 ms.
        string connectionString = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("docs"));
        var stores = Enumerable.Range(0, count).Select(_ => new SqlDocumentStore(SqlDialect.Postgres(connectionString))).ToList();
        _stores.AddRange(stores);
        return stores;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
