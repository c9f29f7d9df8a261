using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Writes and deletes documents: routes each to its shard by a stable hash of its id, writes the
/// shard batches in parallel, reports every document's outcome, then advances the index generation so
/// no cached answer from before the write is served again. Vector fields with <c>embed_from</c> are filled
/// first (<see cref="DocumentEmbedder"/>). A shard whose store is out fails only its own documents
/// (<c>store_unavailable</c> or <c>write_outcome_unknown</c>), so what other shards stored is still reported as
/// stored; when nothing was stored the whole call is that 503.
/// </summary>
internal sealed partial class DocumentWriter(IGrainFactory grains, ShardFanOut fanOut, IndexDirectory directory, DocumentEmbedder embedder, GatewayLimits limits, GatewayInstruments instruments, TimeProvider time, ILogger<DocumentWriter> logger)
{
    public async Task<WriteOutput> UpsertAsync(string index, IndexDocumentsInput input)
    {
        if (input?.Documents is not { Count: > 0 } documents)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "documents is empty.");
        }
        CheckCount(documents.Count);
        var spec = (await directory.RequireAsync(index)).Spec;
        var malformed = documents.ConvertAll(ShapeError);
        var (filled, failed) = await embedder.FillAsync(spec, documents);
        for (int i = 0; i < failed.Length; i++)
        {
            failed[i] = malformed[i] ?? failed[i];
        }
        var outcomes = await WriteAsync(index, spec, filled, document => document.Id,
            (shard, batch) => shard.Upsert(batch.ConvertAll(d => new SourceDocument(d.Id, d.Fields ?? [], d.IfVersion))), failed);
        return await FinishAsync(index, outcomes);
    }

    public async Task<WriteOutput> DeleteAsync(string index, DeleteDocumentsInput input)
    {
        if (input?.Ids is not { Count: > 0 } ids)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "ids is empty.");
        }
        CheckCount(ids.Count);
        var spec = (await directory.RequireAsync(index)).Spec;
        var outcomes = await WriteAsync(index, spec, ids, id => id,
            (shard, batch) => shard.Delete(batch.ConvertAll(id => new DocumentDelete(id, input.IfVersion))));
        return await FinishAsync(index, outcomes);
    }

    public async Task<DocumentOutput> GetAsync(string index, string id)
    {
        var spec = (await directory.RequireAsync(index)).Spec;
        if (string.IsNullOrEmpty(id))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "id is empty.");
        }
        // Any copy answers: every copy reads the document from the store, where the writer put it before acknowledging.
        var document = (await fanOut.CallOneAsync(index, spec, ShardKeys.ShardOf(id, spec.ShardCount), async shard => new Lookup(await shard.Get(id)), CancellationToken.None)).Document;
        if (document is null)
        {
            throw GatewayException.NotFound(ErrorCodes.DocumentNotFound, $"Index '{index}' has no document '{id}'.");
        }
        // Vectors the gateway embedded are hundreds of numbers the client never wrote: leave them out.
        var written = document.Fields.Where(pair => spec.Fields.FirstOrDefault(field => field.Name == pair.Key)?.EmbedFrom is null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return new DocumentOutput(document.Id, document.Version, FieldValues.Shape(spec, written)!);
    }

    /// <summary>Writes the items in shard batches; an item with an outcome in <paramref name="decided"/> is not written.</summary>
    private async Task<DocumentOutcome[]> WriteAsync<T>(string index, IndexSpec spec, List<T> items, Func<T, string> idOf, Func<IShardGrain, List<T>, Task<IReadOnlyList<DocumentOutcome>>> write, DocumentOutcome?[]? decided = null)
    {
        var outcomes = new DocumentOutcome[items.Count];
        var batches = new Dictionary<int, (List<T> Items, List<int> Slots)>();
        for (int i = 0; i < items.Count; i++)
        {
            if (decided?[i] is { } outcome)
            {
                outcomes[i] = outcome;
                continue;
            }
            string? id = idOf(items[i]);
            if (string.IsNullOrEmpty(id))
            {
                outcomes[i] = DocumentOutcome.Failed("", DocumentErrorCodes.InvalidDocument, $"Document {i} has no id.");
                continue;
            }
            int shard = ShardKeys.ShardOf(id, spec.ShardCount);
            if (!batches.TryGetValue(shard, out var batch))
            {
                batches[shard] = batch = ([], []);
            }
            batch.Items.Add(items[i]);
            batch.Slots.Add(i);
        }
        var storeFailures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        try
        {
            await Task.WhenAll(batches.Select(async pair =>
            {
                try
                {
                    var results = await RejectedCalls.RetryAsync(() => write(grains.GetGrain<IShardGrain>(ShardKeys.For(index, pair.Key)), pair.Value.Items), time);
                    for (int j = 0; j < results.Count; j++)
                    {
                        outcomes[pair.Value.Slots[j]] = results[j];
                    }
                }
                catch (Exception failure) when (failure is StoreUnavailableException or WriteOutcomeUnknownException)
                {
                    for (int j = 0; j < pair.Value.Items.Count; j++)
                    {
                        outcomes[pair.Value.Slots[j]] = StoreFailed(idOf(pair.Value.Items[j]), failure);
                    }
                    storeFailures.Enqueue(failure);
                }
            }));
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
        if (!storeFailures.IsEmpty && !outcomes.Any(outcome => outcome.Ok))
        {
            // Nothing stored: the call as a whole is the outage, with its Retry-After. An unknown outcome outranks a
            // plain refusal, since some of the documents may be stored.
            throw GrainErrors.Translate(storeFailures.FirstOrDefault(failure => failure is WriteOutcomeUnknownException) ?? storeFailures.First());
        }
        return outcomes;
    }

    private async Task<WriteOutput> FinishAsync(string index, DocumentOutcome[] outcomes)
    {
        int succeeded = outcomes.Count(o => o.Ok);
        if (succeeded > 0)
        {
            try
            {
                directory.Advanced(index, await grains.GetGrain<IIndexCatalogGrain>(index).Advance());
            }
            catch (IndexNotFoundException dropped)
            {
                throw GrainErrors.Translate(dropped);
            }
            catch (Exception exception)
            {
                // The documents are stored and are acknowledged as such. Without the new generation a cached answer
                // from before this write can be served until it expires (Limits:CacheTimeToLive): say so in the log.
                LogGenerationNotAdvanced(logger, index, succeeded, exception);
            }
        }
        instruments.DocumentsWritten(succeeded, outcomes.Length - succeeded);
        return new WriteOutput(index, succeeded, outcomes.Length - succeeded,
            outcomes.Select(o => new DocumentOutcomeOutput(o.Id, o.Ok, o.Version, o.ErrorCode, o.Message)).ToList());
    }

    private static DocumentOutcome StoreFailed(string id, Exception failure) => failure is WriteOutcomeUnknownException
        ? DocumentOutcome.Failed(id, ErrorCodes.WriteOutcomeUnknown, $"Document '{id}' may or may not be stored: the document store lost the connection while committing it. Retry it by id or read it back.")
        : DocumentOutcome.Failed(id, ErrorCodes.StoreUnavailable, $"Document '{id}' was not written: the document store of its shard cannot be reached. Retry it shortly.");

    /// <summary>
    /// A document must be <c>{"id", "fields": {...}, "if_version"?}</c>. Fields put beside the id, a missing
    /// <c>fields</c> object or a misspelt property would otherwise store an empty document without a word.
    /// </summary>
    private static DocumentOutcome? ShapeError(DocumentInput? document)
    {
        if (document is null)
        {
            return DocumentOutcome.Failed("", DocumentErrorCodes.InvalidDocument, "A document is null; send {\"id\": \"...\", \"fields\": {...}}.");
        }
        string id = document.Id ?? "";
        if (document.UnknownProperties is { Count: > 0 } unknown)
        {
            string names = string.Join(", ", unknown.Keys.Select(name => $"'{name}'"));
            return DocumentOutcome.Failed(id, DocumentErrorCodes.InvalidDocument,
                $"Document '{id}' has unknown properties {names}; a document has only id, fields and if_version. Put its field values inside \"fields\": {{...}}.");
        }
        if (document.Fields is null)
        {
            return DocumentOutcome.Failed(id, DocumentErrorCodes.InvalidDocument,
                $"Document '{id}' has no fields object; send {{\"id\": \"{id}\", \"fields\": {{\"field\": value, ...}}}}.");
        }
        return null;
    }

    private void CheckCount(int count)
    {
        if (count > limits.MaxDocumentsPerCall)
        {
            throw new GatewayException(413, ErrorCodes.PayloadTooLarge, $"{count} documents in one call; the limit is {limits.MaxDocumentsPerCall}. Split the batch.");
        }
    }

    /// <summary>A shard's answer to a lookup by id, found or not (the fan-out takes a missing value for no answer).</summary>
    private sealed record Lookup(StoredDocument? Document);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Index {Index}: {Documents} documents stored, but its generation was not advanced; cached answers from before them may be served until they expire")]
    private static partial void LogGenerationNotAdvanced(ILogger logger, string index, int documents, Exception exception);
}
