using OrleansSearch.Grains.Documents;
using System.Diagnostics;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Search.Query;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Runs a search over every shard of an index: plan (<see cref="SearchPlan"/>) → cache (unless <see cref="GatewayLimits.CacheResponses"/> is off) → phase 1 (each shard's statistics for
/// the query's terms, summed, so every shard scores with global BM25 statistics; kept per generation
/// in <see cref="StatisticsCache"/>) → phase 2 (each
/// shard's top hits, in parallel, one copy per shard, under a deadline: <see cref="ShardFanOut"/>) → k-way merge → shaping by detail level → cache.
/// A shard that misses the deadline is named in <c>missing_shards</c> with <c>partial: true</c>, or fails
/// the request when the caller does not allow partial answers. Semantic searches skip phase 1 and rank by the
/// query's vector (the client's, or its text embedded here); hybrid searches get both rankings from every shard
/// in one call and fuse them after merging (<see cref="HybridFusion"/>).
/// </summary>
internal sealed class QueryCoordinator(ShardFanOut fanOut, IndexDirectory directory, ResponseCache cache, StatisticsCache statisticsCache, TextEmbedder embedder, GatewayLimits limits, GatewayInstruments instruments)
{
    public async Task<SearchOutput> SearchAsync(string index, SearchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        SearchPlan.Check(input, limits);
        var description = await directory.RequireAsync(index);
        var plan = SearchPlan.Create(description, input, limits);
        var (spec, mode, query) = (description.Spec, plan.Mode, plan.Query);

        string? cacheKey = limits.CacheResponses ? CacheKeys.For(index, description.Generation, plan.CacheKey(input)) : null;
        if (cacheKey is not null && await cache.TryGetAsync<SearchOutput>(cacheKey) is { } cached)
        {
            instruments.QueryCompleted(plan.ModeName, cached: true, Stopwatch.GetElapsedTime(started));
            return cached;
        }
        if (plan.VectorField is { } vectorField)
        {
            query = query with { Nearest = new NearestQuery(vectorField.Name, await QueryVectorAsync(vectorField, input, cancellationToken)) };
        }

        var missing = new SortedSet<int>();
        var summed = mode == SearchMode.Semantic ? NoStatistics : await StatisticsAsync(description, query, missing, input.AllowPartial, cancellationToken);
        var pages = (await fanOut.CallAsync(index, spec, shard => shard.Search(query, summed), missing, input.AllowPartial, cancellationToken)).Where(p => p is not null).ToList()!;
        if (missing.Count == spec.ShardCount)
        {
            // Nothing answered: an empty 200 would read as "no matches".
            throw new GatewayException(503, ErrorCodes.Unavailable, $"No copy of any shard of index '{index}' answered within {limits.ShardTimeout.TotalMilliseconds:0} ms; retry shortly.");
        }

        var output = Assemble(index, spec, plan, pages!, missing);
        if (missing.Count > 0)
        {
            instruments.PartialResponse(index);
        }
        if (cacheKey is not null && missing.Count == 0)
        {
            await cache.PutAsync(cacheKey, output, limits.CacheTimeToLive);
        }
        instruments.QueryCompleted(plan.ModeName, cached: false, Stopwatch.GetElapsedTime(started));
        return output;
    }

    /// <summary>Merges the shards' pages into the page the plan asked for (fused, for hybrid) with its next cursor.</summary>
    private SearchOutput Assemble(string index, IndexSpec spec, SearchPlan plan, List<ShardPage> pages, SortedSet<int> missing)
    {
        if (plan.Mode == SearchMode.Hybrid)
        {
            var keyword = ShardPageMerger.Merge(pages, null, false, 0, plan.Window, plan.Facets);
            var semantic = ShardPageMerger.Merge(pages.ConvertAll(page => page! with { Hits = page.NearestHits ?? [] }), null, false, 0, plan.Window, []);
            var fused = HybridFusion.Fuse(keyword.Hits, semantic.Hits, plan.Fusion, plan.Offset, plan.TopK);
            return Output(spec, index, keyword, fused, missing, plan.Facets, plan.Detail,
                fused.Count == plan.TopK && plan.Offset + plan.TopK < limits.HybridWindow ? QueryCursors.Bind(plan.Binding, HybridFusion.CursorAt(plan.Offset + plan.TopK)) : null);
        }
        var merged = ShardPageMerger.Merge(pages, plan.SortField, plan.Descending, plan.Offset, plan.TopK, plan.Facets);
        return Output(spec, index, merged, merged.Hits, missing, plan.Facets, plan.Detail,
            merged.Hits.Count == plan.TopK && merged.Hits.Count > 0 ? QueryCursors.Bind(plan.Binding, merged.Hits[^1].Cursor) : null);
    }

    private static readonly QueryStatistics NoStatistics = new(new Dictionary<string, FieldTotals>(), new Dictionary<string, IReadOnlyDictionary<string, long>>());

    /// <summary>Phase 1: the query's BM25 statistics summed over shards, from the cache when this generation has them.</summary>
    private async Task<QueryStatistics> StatisticsAsync(IndexDescription description, ShardQuery query, SortedSet<int> missing, bool allowPartial, CancellationToken cancellationToken)
    {
        string index = description.Spec.Name;
        var keywordQuery = query with { Mode = SearchMode.Keyword, Nearest = null };
        if (statisticsCache.TryGet(index, description.Generation, keywordQuery, out var summed))
        {
            return summed;
        }
        var statistics = await fanOut.CallAsync(index, description.Spec, shard => shard.Statistics(keywordQuery), missing, allowPartial, cancellationToken);
        summed = GlobalStatistics.Sum(statistics.Where(s => s is not null)!);
        if (missing.Count == 0)
        {
            statisticsCache.Add(index, description.Generation, keywordQuery, summed);
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

    private static HitOutput Shape(IndexSpec spec, ShardHit hit, DetailLevel detail) => detail switch
    {
        DetailLevel.Ids => new HitOutput(hit.Id, hit.Score),
        DetailLevel.Full => new HitOutput(hit.Id, hit.Score, FieldValues.Shape(spec, hit.Fields)),
        _ => new HitOutput(hit.Id, hit.Score, FieldValues.Shape(spec, hit.Fields), detail == DetailLevel.Preview ? hit.Snippets : null),
    };
}
