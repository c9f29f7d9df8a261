using Orleans.Configuration;
using Orleans.Storage;
using OrleansSearch.Silo.Storage.Tests.Support;

namespace OrleansSearch.Silo.Storage.Tests.Contract;

/// <summary>
/// The ADO.NET provider's other clear mode (<c>DeleteStateOnClear</c>), which uses our optional
/// DeleteStorageKey query: the row goes, and the grain starts over without an ETag.
/// </summary>
public sealed class AdoNetDeleteOnClearTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string ProviderName = "deleting";
    private const string StateName = "catalog-state";

    [Fact]
    public async Task A_cleared_state_is_deleted_and_can_be_written_anew()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("delete"));
        await PostgresSchema.EnsureAsync(database);
        await using TestSilo silo = await TestSilo.StartLocalAsync(builder => builder.AddAdoNetGrainStorage(ProviderName, (AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = GrainStorageSetup.NpgsqlInvariant;
            options.ConnectionString = database;
            options.DeleteStateOnClear = true;
            options.GrainStorageSerializer = new JsonGrainStorageSerializer();
        }));
        IGrainStorage storage = silo.Storage(ProviderName);
        GrainId grain = GrainId.Create("delete-on-clear", Guid.NewGuid().ToString("N"));
        var state = new GrainState<CatalogTestState>(new CatalogTestState { Revision = 1 });
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = new GrainState<CatalogTestState>(new CatalogTestState { Revision = 2 }, state.ETag);

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.Null(state.ETag);
        var read = new GrainState<CatalogTestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        state.State = new CatalogTestState { Revision = 3 };
        await storage.WriteStateAsync(StateName, grain, state);
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(3, read.State!.Revision);
    }
}
