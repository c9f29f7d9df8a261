using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Index descriptions for every request, kept in the gateway so that no query waits on an index's catalog grain
/// (one grain per index: on every query it would be the one grain all of them stall on while its silo fails over).
/// The catalog pushes generation changes and drops (<see cref="IIndexChangeObserver"/>); besides, a description
/// older than <see cref="GatewayLimits.IndexRefreshInterval"/> is refreshed in the background while the cached one
/// is served, which also renews the subscription. Only the first request for an index waits for the catalog.
/// </summary>
internal sealed partial class IndexDirectory(IGrainFactory grains, GatewayLimits limits, TimeProvider time, ILogger<IndexDirectory> logger) : IIndexChangeObserver
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private IIndexChangeObserver? _reference;

    public async Task<IndexDescription> RequireAsync(string index)
    {
        if (!IndexNames.IsValid(index))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index name '{Truncate(index)}' is invalid: {IndexNames.Rule}.");
        }
        if (_entries.TryGetValue(index, out var entry))
        {
            if (time.GetUtcNow() - entry.FetchedAt >= limits.IndexRefreshInterval && entry.TryStartRefresh())
            {
                _ = RefreshAsync(index);
            }
            return entry.Description;
        }
        IndexDescription? description;
        try
        {
            description = await SubscribeAsync(index);
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
        if (description is null)
        {
            throw GatewayException.NotFound(ErrorCodes.IndexNotFound, $"Index '{index}' does not exist; list_indexes shows the existing ones.");
        }
        Keep(description);
        return description;
    }

    /// <summary>This gateway advanced the generation itself (after its own writes): its next query sees it at once.</summary>
    public void Advanced(string index, long generation)
    {
        if (_entries.TryGetValue(index, out var entry) && entry.Description.Generation < generation)
        {
            Keep(entry.Description with { Generation = generation });
        }
    }

    /// <summary>The index was dropped (here or, pushed, elsewhere): the next request asks the catalog.</summary>
    public void Forget(string index) => _entries.TryRemove(index, out _);

    Task IIndexChangeObserver.Changed(IndexDescription description)
    {
        Keep(description);
        return Task.CompletedTask;
    }

    Task IIndexChangeObserver.Dropped(string index)
    {
        Forget(index);
        return Task.CompletedTask;
    }

    private async Task RefreshAsync(string index)
    {
        try
        {
            if (await SubscribeAsync(index) is { } description)
            {
                Keep(description);
            }
            else
            {
                Forget(index);
            }
        }
        catch (Exception exception)
        {
            // The catalog's silo may be failing over: keep serving the description we have and try again later.
            LogRefreshFailed(logger, index, exception.Message);
            if (_entries.TryGetValue(index, out var entry))
            {
                entry.RefreshFailed();
            }
        }
    }

    /// <summary>Reads the description and (re)subscribes to its changes in one call.</summary>
    private Task<IndexDescription?> SubscribeAsync(string index)
    {
        var catalog = grains.GetGrain<IIndexCatalogGrain>(index);
        _reference ??= grains.CreateObjectReference<IIndexChangeObserver>(this);
        return catalog.Subscribe(_reference);
    }

    /// <summary>Keeps the newer of two descriptions: a late answer never takes a generation back.</summary>
    private void Keep(IndexDescription description)
    {
        var fresh = new Entry(description, time.GetUtcNow());
        _entries.AddOrUpdate(description.Spec.Name, fresh, (_, old) => old.Description.Generation > description.Generation && old.Description.CreatedAt == description.CreatedAt
            ? new Entry(old.Description, fresh.FetchedAt)
            : fresh);
    }

    private static string Truncate(string? value) => value is null ? "" : value.Length <= 80 ? value : value[..80] + "…";

    [LoggerMessage(EventId = 410, Level = LogLevel.Debug, Message = "Could not refresh index {Index} from its catalog grain ({Reason}); serving the cached description")]
    private static partial void LogRefreshFailed(ILogger logger, string index, string reason);

    /// <summary>A cached description, and whether a background refresh of it is running (one at a time).</summary>
    private sealed class Entry(IndexDescription description, DateTimeOffset fetchedAt)
    {
        private int _refreshing;

        public IndexDescription Description { get; } = description;

        public DateTimeOffset FetchedAt { get; } = fetchedAt;

        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;

        public void RefreshFailed() => Interlocked.Exchange(ref _refreshing, 0);
    }
}
