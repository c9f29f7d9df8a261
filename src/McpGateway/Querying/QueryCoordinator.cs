using System.Diagnostics;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Search.Query;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Runs a search over every shard of an index: validate → cache (unless <see cref="GatewayLimits.CacheResponses"/> is off) → phase 1 (each shard's statistics for
/// the query's terms, summed, so every shard scores with global BM25 statistics; kept per generation
/// in <see cref="StatisticsCache"/>) → phase 2 (each
/// shard's top hits, in parallel, under a deadline) → k-way merge → shaping by detail level → cache.
/// A shard that misses the deadline is named in <c>missing_shards</c> with <c>partial: true</c>, or fails
/// the request when the caller does not allow partial answers. Semantic searches skip phase 1 and rank by the
/// query's vector (the client's, or its text embedded here); hybrid searches get both rankings from every shard
/// in one call and fuse them after merging (<see cref="HybridFusion"/>).
/// </summary>
internal sealed class QueryCoordinator(IGrainFactory grains, IndexDirectory directory, ResponseCache cache, StatisticsCache statisticsCache, TextEmbedder embedder, GatewayLimits limits, GatewayInstruments instruments)
{
    private static readonly JsonSerializerOptions CacheJson = new(JsonSerializerDefaults.Web);

    public async Task<SearchOutput> SearchAsync(string index, SearchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        var mode = ParseMode(input.Mode);
        var fusion = mode == SearchMode.Hybrid ? HybridFusion.ParseKind(input.Fusion) : HybridFusionKind.ReciprocalRank;
        Validate(input, mode);
        var description = await directory.RequireAsync(index);
        var spec = description.Spec;
        var detail = DetailLevels.Parse(input.Detail);
        var (sortField, descending) = ParseSort(spec, input.Sort);
        if (mode != SearchMode.Keyword && sortField is not null)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"sort orders keyword searches only; {ModeName(mode)} results are ordered by similarity.");
        }
        var vectorField = mode == SearchMode.Keyword ? null : ResolveVectorField(spec, input.VectorField);
        var facets = (input.Facets ?? []).Select(field => RequireField(spec, field, FieldKind.Keyword, "facets")).Select(field => new FacetSpec(field, 10)).ToList();
        int offset = input.Offset;
        string binding = QueryCursors.BindingOf(index, input, sortField, descending, mode, vectorField?.Name, fusion);
        string? shardCursor = input.Cursor is null ? null
            : QueryCursors.Unbind(input.Cursor, binding, sortField is null ? SortSpec.Score : SortSpec.By(sortField, descending ? SortOrder.Descending : SortOrder.Ascending), mode);
        if (mode == SearchMode.Hybrid && shardCursor is not null)
        {
            offset = HybridFusion.OffsetOf(shardCursor);
            shardCursor = null;
        }
        if (mode == SearchMode.Hybrid)
        {
            CheckHybridWindow(offset, input.TopK);
        }
        int limit = mode == SearchMode.Hybrid ? limits.HybridWindow : input.Cursor is null ? offset + input.TopK : input.TopK;
        var query = new ShardQuery(
            input.Query ?? "",
            input.RequireAll,
            FilterParser.Parse(spec, input.Filters),
            facets.ConvertAll(facet => facet with { Size = facet.Size * 4 + 16 }),
            sortField,
            descending,
            Math.Min(limit, limits.MaxResultWindow),
            shardCursor,
            detail == DetailLevel.Preview ? spec.Fields.Where(f => f.Kind == FieldKind.Text && f.Stored).Select(f => f.Name).ToList() : null,
            detail is DetailLevel.Metadata or DetailLevel.Preview or DetailLevel.Full,
            mode,
            // Below full detail a hit shows only its metadata fields: the shards send no others.
            FieldNames: detail is DetailLevel.Metadata or DetailLevel.Preview ? spec.Fields.Where(IsMetadata).Select(f => f.Name).ToList() : null);

        string? cacheKey = limits.CacheResponses
            ? CacheKeys.For(index, description.Generation, JsonSerializer.Serialize(new { query, input.Offset, input.TopK, detail, input.AllowPartial, input.Cursor, vectorField = vectorField?.Name, input.Vector, fusion }, CacheJson))
            : null;
        if (cacheKey is not null && await cache.TryGetAsync<SearchOutput>(cacheKey) is { } cached)
        {
            instruments.QueryCompleted(ModeName(mode), cached: true, Stopwatch.GetElapsedTime(started));
            return cached;
        }
        if (vectorField is not null)
        {
            query = query with { Nearest = new NearestQuery(vectorField.Name, await QueryVectorAsync(vectorField, input, cancellationToken)) };
        }

        var shards = Enumerable.Range(0, spec.ShardCount).Select(shard => grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard))).ToList();
        var missing = new SortedSet<int>();
        var summed = mode == SearchMode.Semantic ? NoStatistics : await StatisticsAsync(index, description.Generation, query, shards, missing, input.AllowPartial, cancellationToken);
        var pages = (await FanOutAsync(shards, shard => shard.Search(query, summed), missing, input.AllowPartial, cancellationToken)).Where(p => p is not null).ToList()!;

        SearchOutput output;
        if (mode == SearchMode.Hybrid)
        {
            var keyword = ShardPageMerger.Merge(pages!, null, false, 0, limits.HybridWindow, facets);
            var semantic = ShardPageMerger.Merge(pages.ConvertAll(page => page! with { Hits = page.NearestHits ?? [] }), null, false, 0, limits.HybridWindow, []);
            var fused = HybridFusion.Fuse(keyword.Hits, semantic.Hits, fusion, offset, input.TopK);
            output = Output(spec, index, keyword, fused, missing, facets, detail,
                fused.Count == input.TopK && offset + input.TopK < limits.HybridWindow ? QueryCursors.Bind(binding, HybridFusion.CursorAt(offset + input.TopK)) : null);
        }
        else
        {
            var merged = ShardPageMerger.Merge(pages!, sortField, descending, input.Cursor is null ? input.Offset : 0, input.TopK, facets);
            output = Output(spec, index, merged, merged.Hits, missing, facets, detail,
                merged.Hits.Count == input.TopK && merged.Hits.Count > 0 ? QueryCursors.Bind(binding, merged.Hits[^1].Cursor) : null);
        }
        if (missing.Count > 0)
        {
            instruments.PartialResponse(index);
        }
        if (cacheKey is not null && missing.Count == 0)
        {
            await cache.PutAsync(cacheKey, output, limits.CacheTimeToLive);
        }
        instruments.QueryCompleted(ModeName(mode), cached: false, Stopwatch.GetElapsedTime(started));
        return output;
    }

    private static readonly QueryStatistics NoStatistics = new(new Dictionary<string, FieldTotals>(), new Dictionary<string, IReadOnlyDictionary<string, long>>());

    /// <summary>Phase 1: the query's BM25 statistics summed over shards, from the cache when this generation has them.</summary>
    private async Task<QueryStatistics> StatisticsAsync(string index, long generation, ShardQuery query, List<IShardGrain> shards, SortedSet<int> missing, bool allowPartial, CancellationToken cancellationToken)
    {
        var keywordQuery = query with { Mode = SearchMode.Keyword, Nearest = null };
        if (statisticsCache.TryGet(index, generation, keywordQuery, out var summed))
        {
            return summed;
        }
        var statistics = await FanOutAsync(shards, shard => shard.Statistics(keywordQuery), missing, allowPartial, cancellationToken);
        summed = QueryStatistics.Sum(statistics.Where(s => s is not null)!);
        if (missing.Count == 0)
        {
            statisticsCache.Add(index, generation, keywordQuery, summed);
        }
        return summed;
    }

    private static SearchOutput Output(
        IndexSpec spec, string index, (List<ShardHit> Hits, long Total, bool TotalIsExact, List<FacetCounts> Facets) merged, List<ShardHit> hits,
        SortedSet<int> missing, List<FacetSpec> facets, DetailLevel detail, string? nextCursor) => new(
            index,
            merged.Total,
            merged.TotalIsExact && missing.Count == 0,
            hits.ConvertAll(hit => Shape(spec, hit, detail)),
            missing.Count > 0,
            [.. missing],
            Facets: facets.Count == 0 ? null : merged.Facets.ToDictionary(f => f.Field, f => f.Values),
            NextCursor: nextCursor);

    /// <summary>The query's vector: the client's, checked against the field, or the query text embedded by the field's model.</summary>
    private async Task<float[]> QueryVectorAsync(FieldSpec field, SearchInput input, CancellationToken cancellationToken)
    {
        if (input.Vector is { } vector)
        {
            if (vector.Length != field.Dimension || !Array.TrueForAll(vector, float.IsFinite))
            {
                throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"vector must be {field.Dimension} finite numbers for field '{field.Name}'; it has {vector.Length}.");
            }
            return vector;
        }
        if (field.EmbedFrom is null)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Vector field '{field.Name}' holds vectors the client supplies (it has no embed_from); pass the query's vector ({field.Dimension} numbers) as vector.");
        }
        if (string.IsNullOrWhiteSpace(input.Query))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, "query is empty; a semantic search needs a query text to embed or a vector.");
        }
        return (await embedder.EmbedAsync([input.Query], cancellationToken))[0];
    }

    private static FieldSpec ResolveVectorField(IndexSpec spec, string? name)
    {
        var vectorFields = spec.Fields.Where(field => field.Kind == FieldKind.Vector).ToList();
        if (name is not null)
        {
            return vectorFields.FirstOrDefault(field => field.Name == name)
                ?? throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"vector_field '{name}' is not a vector field of index '{spec.Name}'{(vectorFields.Count == 0 ? "" : $"; its vector fields: {string.Join(", ", vectorFields.Select(f => f.Name))}")}.");
        }
        return vectorFields.Count switch
        {
            1 => vectorFields[0],
            0 => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index '{spec.Name}' has no vector field, so it can only be searched in keyword mode."),
            _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index '{spec.Name}' has several vector fields ({string.Join(", ", vectorFields.Select(f => f.Name))}); name one as vector_field."),
        };
    }

    private static SearchMode ParseMode(string? mode) => mode switch
    {
        null or "keyword" => SearchMode.Keyword,
        "semantic" => SearchMode.Semantic,
        "hybrid" => SearchMode.Hybrid,
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"mode is '{mode}'; use keyword, semantic or hybrid."),
    };

    private static string ModeName(SearchMode mode) => mode switch
    {
        SearchMode.Semantic => "semantic",
        SearchMode.Hybrid => "hybrid",
        _ => "keyword",
    };

    /// <summary>Documents whose keyword field equals a value, as a search on that field ordered by id.</summary>
    public Task<SearchOutput> LookupAsync(string index, LookupInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrEmpty(input.Field) || string.IsNullOrEmpty(input.Value))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "lookup needs a keyword field and a value.");
        }
        string escaped = input.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return SearchAsync(index, new SearchInput
        {
            Query = $"+{input.Field}:\"{escaped}\"",
            Filters = new Dictionary<string, JsonElement> { [input.Field] = JsonSerializer.SerializeToElement(input.Value) },
            Facets = input.Facets,
            TopK = input.TopK,
            Detail = input.Detail,
            Cursor = input.Cursor,
        }, cancellationToken);
    }

    private async Task<T?[]> FanOutAsync<T>(List<IShardGrain> shards, Func<IShardGrain, Task<T>> call, SortedSet<int> missing, bool allowPartial, CancellationToken cancellationToken)
        where T : class
    {
        var stopwatch = Stopwatch.StartNew();
        var calls = new Task<T>[shards.Count];
        for (int shard = 0; shard < shards.Count; shard++)
        {
            calls[shard] = missing.Contains(shard) ? Task.FromResult<T>(null!) : call(shards[shard]);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.ShardTimeout);
        try
        {
            await Task.WhenAll(calls).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Some shard is late: handled per shard below.
        }
        catch (Exception) when (calls.All(c => c.IsCompleted))
        {
            // A shard failed: handled per shard below.
        }
        var results = new T?[shards.Count];
        for (int shard = 0; shard < shards.Count; shard++)
        {
            var task = calls[shard];
            if (task.IsCompletedSuccessfully)
            {
                results[shard] = task.Result;
                continue;
            }
            if (task.IsFaulted && task.Exception!.InnerException is SearchRequestException requestError)
            {
                throw GrainErrors.Translate(requestError);
            }
            if (!allowPartial)
            {
                throw task.IsCompleted
                    ? GrainErrors.Translate(task.Exception!.InnerException!)
                    : new GatewayException(504, ErrorCodes.ShardTimeout, $"Shard {shard} did not answer within {limits.ShardTimeout.TotalMilliseconds:0} ms; retry, or allow partial results.");
            }
            missing.Add(shard);
        }
        instruments.FanOutCompleted(stopwatch.Elapsed);
        return results;
    }

    private static HitOutput Shape(IndexSpec spec, ShardHit hit, DetailLevel detail) => detail switch
    {
        DetailLevel.Ids => new HitOutput(hit.Id, hit.Score),
        DetailLevel.Full => new HitOutput(hit.Id, hit.Score, FieldValues.Shape(spec, hit.Fields)),
        _ => new HitOutput(hit.Id, hit.Score, FieldValues.Shape(spec, hit.Fields), detail == DetailLevel.Preview ? hit.Snippets : null),
    };

    /// <summary>
    /// The fields the metadata and preview levels show: the ones the schema gives a role (what identifies and what
    /// summarises a document, so an agent can judge a hit) and the short values it filters and groups by; not text bodies.
    /// </summary>
    private static bool IsMetadata(FieldSpec field) => field.Role is not null || field.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date;

    private void Validate(SearchInput input, SearchMode mode)
    {
        if (string.IsNullOrWhiteSpace(input.Query) && (mode != SearchMode.Semantic || input.Vector is null))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, mode == SearchMode.Semantic ? "query is empty; a semantic search needs a query text or a vector." : "query is empty.");
        }
        if (input.Query is not null && input.Query.Length > limits.MaxQueryLength)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, $"query is {input.Query.Length} characters; the limit is {limits.MaxQueryLength}.");
        }
        if (input.TopK < 1 || input.TopK > limits.MaxTopK)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"top_k is {input.TopK}; it must be between 1 and {limits.MaxTopK}.");
        }
        CheckWindow(input.Offset, input.TopK);
        if (input.Cursor is not null && input.Offset != 0)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "Use either offset or cursor, not both.");
        }
        if (input.Facets is { Count: > 16 })
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"{input.Facets.Count} facets requested; the limit is 16.");
        }
    }

    private void CheckWindow(int offset, int topK)
    {
        if (offset < 0 || (long)offset + topK > limits.MaxResultWindow)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"offset + top_k is {(long)offset + topK}; the result window is {limits.MaxResultWindow}: page deeper with cursor.");
        }
    }

    private void CheckHybridWindow(int offset, int topK)
    {
        if ((long)offset + topK > limits.HybridWindow)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"offset + top_k is {(long)offset + topK}; hybrid results are the best {limits.HybridWindow} of the fused ranking (Limits:HybridWindow).");
        }
    }

    private static (string? Field, bool Descending) ParseSort(IndexSpec spec, string? sort)
    {
        if (string.IsNullOrEmpty(sort) || sort == "score")
        {
            return (null, false);
        }
        bool descending = sort[0] == '-';
        string field = RequireField(spec, descending ? sort[1..] : sort, null, "sort");
        return (field, descending);
    }

    private static string RequireField(IndexSpec spec, string name, FieldKind? kind, string purpose)
    {
        var field = spec.Fields.FirstOrDefault(f => f.Name == name)
            ?? throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"{purpose} names unknown field '{name}'.");
        if (kind is { } expected ? field.Kind != expected : field.Kind is FieldKind.Text or FieldKind.Vector)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"{purpose} needs a {(kind is null ? "keyword, number or date" : kind.ToString()!.ToLowerInvariant())} field; '{name}' is {field.Kind.ToString().ToLowerInvariant()}.");
        }
        return name;
    }
}
