using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.Grains.Placement;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Snapshots;

namespace OrleansSearch.Grains.Documents;

/// <summary>
/// One copy of one shard of an index. Copy 0 writes: changes go to the document store first (durable, with the
/// shard's next sequence numbers) and only then into the in-memory index, so an acknowledged write survives any
/// crash: on activation a copy loads the latest snapshot and replays the rows written after it. The other copies
/// follow the writer by sequence number: told after each acknowledged write, and catching up on a timer so a lost
/// notice only delays them. Writes run one at a time (turns); searches are read-only and run side by side.
/// Copies are placed by <see cref="ShardCopyPlacementAttribute"/>: never two copies of a shard on one silo while
/// there are enough silos.
/// </summary>
[CollectionAgeLimit(Minutes = 60)]
[ShardCopyPlacement]
public sealed partial class ShardGrain(IDocumentStore store, StoreInstruments storeInstruments, ShardOptions options, ILocalSiloDetails silo, IClusterMembershipService membership, [FromKeyedServices(SearchClock.Key)] TimeProvider time, ILogger<ShardGrain> logger) : Grain, IShardGrain
{
    private string _key = "";
    private string _index = "";
    private int _shard;
    private int _copy;
    private IndexSpec _spec = null!;
    private DocumentMapper _mapper = null!;
    private ShardIndex _search = null!;
    private DocumentVersions _versions = new();
    private long _sequence;
    private long _snapshotSequence;

    private bool IsWriter => _copy == 0;

    /// <summary>
    /// A write's commit was sent but its answer lost: the store may hold changes this shard did not apply. They are
    /// read back (<see cref="CatchUpWithStoreAsync"/>) before the next write or document read, so memory never
    /// diverges from the store and versions keep counting from what is stored.
    /// </summary>
    private bool _storeMayBeAhead;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string key = _key = this.GetPrimaryKeyString();
        if (!ShardKeys.TryParse(key, out _index, out _shard, out _copy))
        {
            throw new InvalidArgumentException($"Shard key '{key}' is not 'index/shard' or 'index/shard/copy'.");
        }
        var description = await GrainFactory.GetGrain<IIndexCatalogGrain>(_index).Describe()
            ?? throw new IndexNotFoundException(_index);
        if (_shard >= description.Spec.ShardCount)
        {
            throw new InvalidArgumentException($"Index '{_index}' has {description.Spec.ShardCount} shards; there is no shard {_shard}.");
        }
        if (_copy >= description.Spec.Copies)
        {
            throw new InvalidArgumentException($"Index '{_index}' keeps {description.Spec.Copies} copies of each shard; there is no copy {_copy}.");
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
        if (IsWriter)
        {
            this.RegisterGrainTimer(SnapshotIfChangedAsync, new GrainTimerCreationOptions(options.SnapshotInterval, options.SnapshotInterval) { KeepAlive = false });
        }
        else
        {
            this.RegisterGrainTimer(CatchUpAsync, new GrainTimerCreationOptions(options.FollowInterval, options.FollowInterval) { KeepAlive = false });
        }
        if (_spec.Copies > 1)
        {
            this.RegisterGrainTimer(RebalanceOnScheduleAsync, new GrainTimerCreationOptions(options.RebalanceInterval, options.RebalanceInterval) { KeepAlive = false });
        }
    }

    public async Task<bool> Rebalance()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).ToList();
        if (active.Count == 0 || ShardLayout.SiloFor(_index, _shard, _copy, active) is not { } target || target.Equals(silo.SiloAddress))
        {
            return true;
        }
        if (_spec.Copies == 1)
        {
            // Moving the only copy would leave the shard unserved while it loads: it stays until its silo goes away.
            return true;
        }
        if (!await OtherCopiesAnswerAsync())
        {
            return false;
        }
        LogMoving(logger, _key, silo.SiloAddress, target);
        RequestContext.Set(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey, target);
        this.MigrateOnIdle();
        return false;
    }

    /// <summary>
    /// The timer's rebalancing: copy k of a shard may move only in every k-th interval of the wall clock, so two
    /// copies of one shard never move at once (each move leaves its copy cold while it loads).
    /// </summary>
    private async Task RebalanceOnScheduleAsync()
    {
        long slot = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)options.RebalanceInterval.TotalMilliseconds;
        if (slot % _spec.Copies == _copy)
        {
            await Rebalance();
        }
    }

    private async Task<bool> OtherCopiesAnswerAsync()
    {
        var others = Enumerable.Range(0, _spec.Copies).Where(copy => copy != _copy)
            .Select(copy => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(_index, _shard, copy)).Describe().WaitAsync(options.RebalanceProbeTimeout)).ToList();
        try
        {
            // Every other copy is loaded and answering, so the shard stays served while this one loads elsewhere.
            await Task.WhenAll(others);
            return true;
        }
        catch (Exception)
        {
            // Late, failing or not yet loaded: the shard might be served by this copy alone, so it stays.
            return false;
        }
    }

    /// <summary>Applies the rows the store holds after the last applied sequence; how a copy loads and how a follower follows.</summary>
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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => SnapshotIfChangedAsync();

    public Task Follow(long sequence) => sequence <= _sequence ? Task.CompletedTask : CatchUpAsync();

    private async Task CatchUpAsync()
    {
        try
        {
            await ReplayAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A follower that cannot read the store keeps serving what it has; the timer tries again.
            storeInstruments.Failed("follow");
            LogFollowFailed(logger, _key, _sequence, exception.Message);
        }
    }

    /// <summary>Tells the following copies about acknowledged changes (one-way calls: nothing waits for them).</summary>
    private void NotifyFollowers()
    {
        for (int copy = 1; copy < _spec.Copies; copy++)
        {
            _ = GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(_index, _shard, copy)).Follow(_sequence);
        }
    }

    public async Task<IReadOnlyList<DocumentOutcome>> Upsert(IReadOnlyList<SourceDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        CheckWriter();
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
        if (changes.Count > 0)
        {
            NotifyFollowers();
        }
        return outcomes;
    }

    public async Task<IReadOnlyList<DocumentOutcome>> Delete(IReadOnlyList<DocumentDelete> deletes)
    {
        ArgumentNullException.ThrowIfNull(deletes);
        CheckWriter();
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
        if (changes.Count > 0)
        {
            NotifyFollowers();
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
        // The writer knows every live id; a follower may lag, so it asks the store, which is never behind.
        if (IsWriter && _versions.LiveVersion(id) == 0)
        {
            return null;
        }
        var row = await store.ReadAsync(_index, _shard, id, CancellationToken.None);
        return row is null || row.Deleted ? null : new StoredDocument(row.Id, row.Version, DocumentMapper.FromPayload(row.Payload!));
    }

    public Task<ShardInfo> Describe()
        => Task.FromResult(new ShardInfo(_shard, silo.Name, _search.DocumentCount, _search.DeletedCount, _search.MemoryUsage().Total, _sequence, _snapshotSequence, _copy));

    public Task Snapshot() => SnapshotIfChangedAsync();

    public async Task Drop()
    {
        if (IsWriter)
        {
            await store.DropAsync(_index, _shard, CancellationToken.None);
        }
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

    /// <summary>Only the writer snapshots: followers load the writer's snapshots, so the store holds one per shard.</summary>
    private async Task SnapshotIfChangedAsync()
    {
        if (_search is null || !IsWriter || _sequence == _snapshotSequence)
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

    private void CheckWriter()
    {
        if (!IsWriter)
        {
            // Only our own code addresses copies; a write here is our bug, not the client's: a 500.
            throw new InvalidOperationException($"Shard copy {_key} follows copy 0; writes go to {ShardKeys.For(_index, _shard)}.");
        }
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

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Shard copy {Shard} could not read the writer's changes after sequence {Sequence} from the document store: {Reason}; it keeps serving and tries again")]
    private static partial void LogFollowFailed(ILogger logger, string shard, long sequence, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Shard copy {Shard} moves from {From} to {To}, where the layout puts it")]
    private static partial void LogMoving(ILogger logger, string shard, SiloAddress from, SiloAddress to);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Shard {Shard} snapshot at sequence {Sequence}: {Bytes} bytes in {ElapsedMs} ms")]
    private static partial void LogSnapshot(ILogger logger, string shard, long sequence, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Shard {Shard} caught up with the store after a write of unknown outcome: {Replayed} changes applied, now at sequence {Sequence}")]
    private static partial void LogCaughtUp(ILogger logger, string shard, int replayed, long sequence);
}
