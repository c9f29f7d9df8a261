using OrleansSearch.Silo.Storage;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Before the silo joins its cluster, the document store's tables exist (idempotent, safe when several silos
/// start at once). The Orleans tables are ensured by the grain storage setup, at the first lifecycle stage.
/// </summary>
internal sealed partial class StoreInitializer(StorageOptions storage, IDocumentStore documents, ILogger<StoreInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(StoreInitializer), ServiceLifecycleStage.RuntimeInitialize - 1, InitializeAsync);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await documents.InitializeAsync(cancellationToken);
        LogReady(logger, storage.Provider);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Document store ready on {Provider}")]
    private static partial void LogReady(ILogger logger, string provider);
}
