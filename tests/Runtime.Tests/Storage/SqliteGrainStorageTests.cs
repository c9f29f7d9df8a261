using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Tests.Infrastructure;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageContract
{
    private readonly SqliteTestFile _file = new();

    protected override IGrainStorage OpenStorage() => new SqlGrainStorage(SqlDialect.Sqlite(_file.ConnectionString));

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
