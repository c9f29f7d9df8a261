using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Tests.Infrastructure;

namespace OrleansSearch.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageContract
{
    private readonly SqliteTestFile _file = new();

    protected override IGrainStorage OpenStorage() => new SqliteGrainStorage(_file.ConnectionString);

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
