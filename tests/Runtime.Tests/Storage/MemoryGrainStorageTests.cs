using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContract
{
    private readonly MemoryGrainStorage _storage = new();

    protected override IGrainStorage OpenStorage() => _storage;
}
