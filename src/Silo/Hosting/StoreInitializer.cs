using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Before the silo joins its cluster: the Orleans tables and queries (PostgreSQL) and the document store's
/// tables exist. Both steps are idempotent and safe when several silos start at once.
/// </summary>
internal sealed partial class StoreInitializer(StorageOptions storage, IDocumentStore documents, ILogger<StoreInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(StoreInitializer), ServiceLifecycleStage.RuntimeInitialize - 1, InitializeAsync);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (storage.IsPostgres)
        {
            await OrleansDatabase.EnsureSchemaAsync(storage.ConnectionString, cancellationToken);
        }
        await documents.InitializeAsync(cancellationToken);
        LogReady(logger, storage.Provider);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Storage ready on {Provider}: cluster tables and document store")]
    private static partial void LogReady(ILogger logger, string provider);
}
