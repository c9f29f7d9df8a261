using Microsoft.Extensions.Logging;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Snapshots;

namespace OrleansSearch.Grains.Documents;

/// <summary>
/// One shard of an index. Writes go to the document store first (durable, with the shard's next
/// sequence numbers) and only then into the in-memory index, so an acknowledged write survives any
/// crash: on activation the shard loads its latest snapshot and replays the rows written after it.
/// Writes run one at a time (turns); searches are read-only and run side by side.
/// </summary>
[CollectionAgeLimit(Minutes = 60)]
public sealed partial class ShardGrain(IDocumentStore store, StoreInstruments storeInstruments, ShardOptions options, ILocalSiloDetails silo, ILogger<ShardGrain> logger) : Grain, IShardGrain
{
    private string _key = "";
    private string _index = "";
    private int _shard;
    private IndexSpec _spec = null!;
    private DocumentMapper _mapper = null!;
    private ShardIndex _search = null!;
    private DocumentVersions _versions = new();
    private long _sequence;
    private long _snapshotSequence;

    /// <summary>
    /// A write's commit was sent but its answer lost: the store may hold changes this shard did not apply. They are
    /// read back (<see cref="CatchUpWithStoreAsync"/>) before the next write or document read, so memory never
    /// diverges from the store and versions keep counting from what is stored.
    /// </summary>
    private bool _storeMayBeAhead;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string key = _key = this.GetPrimaryKeyString();
        int slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _shard))
        {
            throw new InvalidArgumentException($"Shard key '{key}' is not 'index/shard'.");
        }
        _index = key[..slash];
        var description = await GrainFactory.GetGrain<IIndexCatalogGrain>(_index).Describe()
            ?? throw new IndexNotFoundException(_index);
        if (_shard >= description.Spec.ShardCount)
        {
            throw new InvalidArgumentException($"Index '{_index}' has {description.Spec.ShardCount} shards; there is no shard {_shard}.");
        }
        _spec = description.Spec;
        var schema = IndexSchemaFactory.Build(_spec);
        _mapper = new DocumentMapper(_spec, schema);
        var searchOptions = new SearchOptions { Bm25 = new Bm25Parameters(_spec.K1, _spec.B) };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var snapshot = await store.ReadSnapshotAsync(_index, _shard, cancellationToken);
        if (snapshot is not null)
        {
            LoadedShard loaded;
            try
            {
                loaded = ShardSnapshot.Read(snapshot.Payload, schema, searchOptions);
            }
            catch (SnapshotException exception)
            {
                // The grain id does not travel with an activation failure: name the shard for whoever reads it.
                throw new ShardUnavailableException($"Shard {key} cannot load its snapshot at sequence {snapshot.Sequence}: {exception.Message}");
            }
            _search = loaded.Index;
            _versions = DocumentVersions.Deserialize(loaded.Sections[DocumentVersions.SnapshotSection]);
            _sequence = _snapshotSequence = snapshot.Sequence;
        }
        else
        {
            _search = new ShardIndex(schema, searchOptions);
        }
        int replayed = await ReplayAsync(cancellationToken);
        LogActivated(logger, key, _search.DocumentCount, snapshot is not null, replayed, started.ElapsedMilliseconds);
        storeInstruments.ShardLoaded(started.Elapsed);
        this.RegisterGrainTimer(SnapshotIfChangedAsync, new GrainTimerCreationOptions(options.SnapshotInterval, options.SnapshotInterval) { KeepAlive = false });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => SnapshotIfChangedAsync();

    public async Task<IReadOnlyList<DocumentOutcome>> Upsert(IReadOnlyList<SourceDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        CheckBatch(documents.Count);
        await CatchUpWithStoreAsync();
        var outcomes = new DocumentOutcome[documents.Count];
        var changes = new List<(int Slot, DocumentChange Change, Search.Schema.SearchDocument Document)>(documents.Count);
        var pendingVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            var source = documents[i];
            try
            {
                if (ShardKeys.ShardOf(source.Id ?? "", _spec.ShardCount) != _shard)
                {
                    throw new InvalidDocumentException($"Document '{source.Id}' belongs to shard {ShardKeys.ShardOf(source.Id ?? "", _spec.ShardCount)}, not {_shard}.");
                }
                var document = _mapper.ToSearchDocument(source.Id!, source.Fields ?? new Dictionary<string, System.Text.Json.JsonElement>());
                long current = pendingVersions.TryGetValue(source.Id!, out long pending) ? pending : _versions.LiveVersion(source.Id!);
                if (source.IfVersion is { } expected && expected != current)
                {
                    outcomes[i] = DocumentOutcome.Failed(source.Id!, DocumentErrorCodes.VersionConflict, $"Document '{source.Id}' is at version {current}, not {expected}.");
                    continue;
                }
                long version = pendingVersions.TryGetValue(source.Id!, out pending) ? pending + 1 : _versions.NextVersion(source.Id!);
                pendingVersions[source.Id!] = version;
                changes.Add((i, new DocumentChange(source.Id!, version, ++_sequence, DocumentMapper.ToPayload(source.Fields ?? new Dictionary<string, System.Text.Json.JsonElement>())), document));
            }
            catch (InvalidDocumentException exception)
            {
                outcomes[i] = DocumentOutcome.Failed(source.Id ?? "", DocumentErrorCodes.InvalidDocument, exception.Message);
            }
        }
        await WriteDurablyAsync(changes.ConvertAll(c => c.Change));
        foreach (var (slot, change, document) in changes)
        {
            Apply(change, document);
            outcomes[slot] = new DocumentOutcome(change.Id, true, change.Version);
        }
        return outcomes;
    }

    public async Task<IReadOnlyList<DocumentOutcome>> Delete(IReadOnlyList<DocumentDelete> deletes)
    {
        ArgumentNullException.ThrowIfNull(deletes);
        CheckBatch(deletes.Count);
        await CatchUpWithStoreAsync();
        var outcomes = new DocumentOutcome[deletes.Count];
        var changes = new List<(int Slot, DocumentChange Change)>(deletes.Count);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < deletes.Count; i++)
        {
            var delete = deletes[i];
            long current = deleted.Contains(delete.Id) ? 0 : _versions.LiveVersion(delete.Id);
            if (current == 0)
            {
                outcomes[i] = DocumentOutcome.Failed(delete.Id, DocumentErrorCodes.NotFound, $"Document '{delete.Id}' does not exist.");
            }
            else if (delete.IfVersion is { } expected && expected != current)
            {
                outcomes[i] = DocumentOutcome.Failed(delete.Id, DocumentErrorCodes.VersionConflict, $"Document '{delete.Id}' is at version {current}, not {expected}.");
            }
            else
            {
                deleted.Add(delete.Id);
                changes.Add((i, new DocumentChange(delete.Id, current + 1, ++_sequence, null)));
            }
        }
        await WriteDurablyAsync(changes.ConvertAll(c => c.Change));
        foreach (var (slot, change) in changes)
        {
            Apply(change, null);
            outcomes[slot] = new DocumentOutcome(change.Id, true, change.Version);
        }
        return outcomes;
    }

    public Task<QueryStatistics> Statistics(ShardQuery query)
        => Task.FromResult(AsRequestError(() => QueryMapper.ToWire(_search.CollectStatistics(QueryMapper.ToRequest(query)))));

    public Task<ShardPage> Search(ShardQuery query, QueryStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(AsRequestError(() =>
        {
            var sort = QueryMapper.SortOf(query);
            var page = QueryMapper.ToPage(_search.Search(QueryMapper.ToRequest(query), QueryMapper.FromWire(statistics)), sort);
            if (query.Mode == SearchMode.Hybrid)
            {
                page = page with { NearestHits = QueryMapper.ToPage(_search.Search(QueryMapper.ToNearestRequest(query)), sort).Hits };
            }
            return page;
        }));
    }

    /// <summary>
    /// Runs a query against the library, turning what it refuses about the request (a query that does not
    /// parse, a limit or vector out of range) into the typed errors the gateway answers with 400. Anything
    /// else stays what it is: our fault, a 500.
    /// </summary>
    private static T AsRequestError<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (Search.Query.QueryParseException exception)
        {
            throw new InvalidQueryException(exception.Message);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            throw new InvalidArgumentException(WithoutParameterName(exception.Message));
        }
    }

    /// <summary>ArgumentException appends " (Parameter 'request')" (and the actual value): names from our code, not words of the API.</summary>
    private static string WithoutParameterName(string message)
    {
        int suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }

    public async Task<StoredDocument?> Get(string id)
    {
        await CatchUpWithStoreAsync();
        if (_versions.LiveVersion(id) == 0)
        {
            return null;
        }
        var row = await store.ReadAsync(_index, _shard, id, CancellationToken.None);
        return row is null || row.Deleted ? null : new StoredDocument(row.Id, row.Version, DocumentMapper.FromPayload(row.Payload!));
    }

    public Task<ShardInfo> Describe()
        => Task.FromResult(new ShardInfo(_shard, silo.Name, _search.DocumentCount, _search.DeletedCount, _search.MemoryUsage().Total, _sequence, _snapshotSequence));

    public Task Snapshot() => SnapshotIfChangedAsync();

    public async Task Drop()
    {
        await store.DropAsync(_index, _shard, CancellationToken.None);
        _snapshotSequence = _sequence;
        DeactivateOnIdle();
    }

    private async Task WriteDurablyAsync(List<DocumentChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        try
        {
            await store.WriteAsync(_index, _shard, changes, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Nothing was applied in memory; give the numbers back so the sequence has no gap. When the commit may
            // have landed anyway, the rows carry these numbers: the catch-up finds them after the given-back sequence.
            _sequence -= changes.Count;
            _storeMayBeAhead |= exception is WriteOutcomeUnknownException;
            storeInstruments.Failed("write");
            throw;
        }
    }

    /// <summary>Applies what the store holds beyond this shard's sequence (after a write of unknown outcome).</summary>
    private async Task CatchUpWithStoreAsync()
    {
        if (!_storeMayBeAhead)
        {
            return;
        }
        // Still unreachable: StoreUnavailableException, and the flag stays for the next call.
        int replayed = await ReplayAsync(CancellationToken.None);
        _storeMayBeAhead = false;
        LogCaughtUp(logger, _key, replayed, _sequence);
    }

    /// <summary>Applies the store's changes after <see cref="_sequence"/> in order; returns how many.</summary>
    private async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        int replayed = 0;
        await foreach (var change in store.ReadChangesAsync(_index, _shard, _sequence, cancellationToken))
        {
            Apply(change, change.Deleted ? null : _mapper.ToSearchDocument(change.Id, DocumentMapper.FromPayload(change.Payload!)));
            replayed++;
        }
        return replayed;
    }

    private void Apply(DocumentChange change, Search.Schema.SearchDocument? document)
    {
        if (document is null)
        {
            _search.Delete(change.Id);
        }
        else
        {
            _search.Add(document);
        }
        _versions.Set(change.Id, change.Version, change.Deleted);
        _sequence = Math.Max(_sequence, change.Sequence);
    }

    private async Task SnapshotIfChangedAsync()
    {
        if (_search is null || _sequence == _snapshotSequence)
        {
            return;
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        _search.Compact();
        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, _search, [new SnapshotSection(DocumentVersions.SnapshotSection, _versions.Serialize())]);
        long sequence = _sequence;
        try
        {
            await store.WriteSnapshotAsync(_index, _shard, sequence, stream.GetBuffer().AsMemory(0, (int)stream.Length), CancellationToken.None);
        }
        catch
        {
            storeInstruments.Failed("snapshot");
            throw;
        }
        _snapshotSequence = sequence;
        LogSnapshot(logger, _key, sequence, stream.Length, started.ElapsedMilliseconds);
    }

    private void CheckBatch(int count)
    {
        if (count > options.MaxBatchSize)
        {
            throw new InvalidArgumentException($"A write holds {count} documents; the limit per shard call is {options.MaxBatchSize} (Shards:MaxBatchSize).");
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Shard {Shard} activated with {Documents} documents (snapshot: {FromSnapshot}, replayed {Replayed} changes) in {ElapsedMs} ms")]
    private static partial void LogActivated(ILogger logger, string shard, int documents, bool fromSnapshot, int replayed, long elapsedMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Shard {Shard} snapshot at sequence {Sequence}: {Bytes} bytes in {ElapsedMs} ms")]
    private static partial void LogSnapshot(ILogger logger, string shard, long sequence, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Shard {Shard} caught up with the store after a write of unknown outcome: {Replayed} changes applied, now at sequence {Sequence}")]
    private static partial void LogCaughtUp(ILogger logger, string shard, int replayed, long sequence);
}
