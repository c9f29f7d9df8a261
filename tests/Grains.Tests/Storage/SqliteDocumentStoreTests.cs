using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Tests.Storage;

public sealed class SqliteDocumentStoreTests : DocumentStoreContract, IDisposable
{
    private readonly List<SqliteTestFile> _files = [];

    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        var store = (await CreateUninitializedStoresOverOneDatabaseAsync(1))[0];
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override Task<IReadOnlyList<IDocumentStore>> CreateUninitializedStoresOverOneDatabaseAsync(int count)
    {
        var file = new SqliteTestFile();
        _files.Add(file);
        return Task.FromResult<IReadOnlyList<IDocumentStore>>([.. Enumerable.Range(0, count).Select(_ => new SqlDocumentStore(SqlDialect.Sqlite(file.ConnectionString)))]);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
