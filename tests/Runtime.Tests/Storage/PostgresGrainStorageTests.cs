using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Tests.Infrastructure;

namespace OrleansSearch.Runtime.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContract
{
    private readonly List<PostgresGrainStorage> _opened = [];
    private string? _connectionString;

    public override async Task InitializeAsync() =>
        _connectionString = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("storage"));

    protected override IGrainStorage OpenStorage()
    {
        var storage = new PostgresGrainStorage(_connectionString!);
        lock (_opened)
        {
            _opened.Add(storage);
        }
        return storage;
    }

    public override async Task DisposeAsync()
    {
        foreach (PostgresGrainStorage storage in _opened)
        {
            await storage.DisposeAsync();
        }
    }
}
