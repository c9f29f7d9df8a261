using System.Diagnostics;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Runtime;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Runs a search over every shard of an index: validate → cache → phase 1 (each shard's statistics for
/// the query's terms, summed, so every shard scores with global BM25 statistics; kept per generation
/// in <see cref="StatisticsCache"/>) → phase 2 (each
/// shard's top hits, in parallel, under a deadline) → k-way merge → shaping by detail level → cache.
/// A shard that misses the deadline is named in <c>missing_shards</c> with <c>partial: true</c>, or fails
/// the request when the caller does not allow partial answers.
/// </summary>
internal sealed class QueryCoordinator(IGrainFactory grains, IndexDirectory directory, ResponseCache cache, StatisticsCache statisticsCache, GatewayLimits limits, GatewayInstruments instruments)
{
    private static readonly JsonSerializerOptions CacheJson = new(JsonSerializerDefaults.Web);

    public async Task<SearchOutput> SearchAsync(string index, SearchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        Validate(input);
        var description = await directory.RequireAsync(index);
        var spec = description.Spec;
        var detail = DetailLevels.Parse(input.Detail);
        var (sortField, descending) = ParseSort(spec, input.Sort);
        var facets = (input.Facets ?? []).Select(field => RequireField(spec, field, FieldKind.Keyword, "facets")).Select(field => new FacetSpec(field, 10)).ToList();
        var query = new ShardQuery(
            input.Query,
            input.RequireAll,
            FilterParser.Parse(spec, input.Filters),
            facets.ConvertAll(facet => facet with { Size = facet.Size * 4 + 16 }),
            sortField,
            descending,
            input.Cursor is null ? input.Offset + input.TopK : input.TopK,
            input.Cursor,
            detail == DetailLevel.Preview ? spec.Fields.Where(f => f.Kind == FieldKind.Text && f.Stored).Select(f => f.Name).ToList() : null,
            detail is DetailLevel.Metadata or DetailLevel.Preview or DetailLevel.Full);

        string cacheKey = CacheKeys.For(index, description.Generation, JsonSerializer.Serialize(new { query, input.Offset, input.TopK, detail, input.AllowPartial }, CacheJson));
        if (await cache.TryGetAsync<SearchOutput>(cacheKey) is { } cached)
        {
            instruments.QueryCompleted("keyword", cached: true, Stopwatch.GetElapsedTime(started));
            return cached;
        }

        var shards = Enumerable.Range(0, spec.ShardCount).Select(shard => grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard))).ToList();
        var missing = new SortedSet<int>();
        if (!statisticsCache.TryGet(index, description.Generation, query, out var summed))
        {
            var statistics = await FanOutAsync(shards, shard => shard.Statistics(query), missing, input.AllowPartial, cancellationToken);
            summed = QueryStatistics.Sum(statistics.Where(s => s is not null)!);
            if (missing.Count == 0)
            {
                statisticsCache.Add(index, description.Generation, query, summed);
            }
        }
        var pages = await FanOutAsync(shards, shard => shard.Search(query, summed), missing, input.AllowPartial, cancellationToken);

        var merged = ShardPageMerger.Merge(pages.Where(p => p is not null).ToList()!, sortField, descending, input.Cursor is null ? input.Offset : 0, input.TopK, facets);
        var output = new SearchOutput(
            index,
            merged.Total,
            merged.TotalIsExact && missing.Count == 0,
            merged.Hits.ConvertAll(hit => Shape(hit, spec, detail)),
            missing.Count > 0,
            [.. missing],
            Facets: facets.Count == 0 ? null : merged.Facets.ToDictionary(f => f.Field, f => f.Values),
            NextCursor: merged.Hits.Count == input.TopK && merged.Hits.Count > 0 ? merged.Hits[^1].Cursor : null);
        if (missing.Count == 0)
        {
            await cache.PutAsync(cacheKey, output, limits.CacheTimeToLive);
        }
        instruments.QueryCompleted("keyword", cached: false, Stopwatch.GetElapsedTime(started));
        return output;
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
            if (task.IsFaulted && task.Exception!.InnerException is GrainCallFailedException failed && GrainErrors.Translate(failed) is { Status: < 500 } callerError)
            {
                throw callerError;
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

    private static HitOutput Shape(ShardHit hit, IndexSpec spec, DetailLevel detail) => detail switch
    {
        DetailLevel.Ids => new HitOutput(hit.Id, hit.Score),
        DetailLevel.Full => new HitOutput(hit.Id, hit.Score, hit.Fields),
        _ => new HitOutput(hit.Id, hit.Score,
            hit.Fields?.Where(pair => spec.Fields.FirstOrDefault(f => f.Name == pair.Key)?.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date)
                .ToDictionary(pair => pair.Key, pair => pair.Value),
            detail == DetailLevel.Preview ? hit.Snippets : null),
    };

    private void Validate(SearchInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Query))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, "query is empty.");
        }
        if (input.Query.Length > limits.MaxQueryLength)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, $"query is {input.Query.Length} characters; the limit is {limits.MaxQueryLength}.");
        }
        if (input.TopK < 1 || input.TopK > limits.MaxTopK)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"top_k is {input.TopK}; it must be between 1 and {limits.MaxTopK}.");
        }
        if (input.Offset < 0 || (long)input.Offset + input.TopK > limits.MaxResultWindow)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"offset + top_k is {(long)input.Offset + input.TopK}; the result window is {limits.MaxResultWindow}: page deeper with cursor.");
        }
        if (input.Cursor is not null && input.Offset != 0)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "Use either offset or cursor, not both.");
        }
        if (input.Facets is { Count: > 16 })
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"{input.Facets.Count} facets requested; the limit is 16.");
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
