using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Tests.Infrastructure;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContract
{
    private readonly List<SqlGrainStorage> _opened = [];
    private string? _connectionString;

    public override async Task InitializeAsync() =>
        _connectionString = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("storage"));

    protected override IGrainStorage OpenStorage()
    {
        var storage = new SqlGrainStorage(SqlDialect.Postgres(_connectionString!));
        lock (_opened)
        {
            _opened.Add(storage);
        }
        return storage;
    }

    public override async Task DisposeAsync()
    {
        foreach (SqlGrainStorage storage in _opened)
        {
            await storage.DisposeAsync();
        }
    }
}
