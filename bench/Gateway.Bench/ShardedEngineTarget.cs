using OrleansSearch.Grains;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// The engine split as the index is: one <see cref="ShardIndex"/> per shard (documents routed by
/// <see cref="ShardKeys.ShardOf"/>), searched one after another with the summed statistics (prepared beforehand),
/// each page converted as a shard grain converts it and the pages merged as the gateway merges them. No grains, no
/// threads: set against the engine it shows what splitting into shards costs; set against
/// <see cref="ShardCallsTarget"/>, what Orleans adds to that. Without <c>convertPages</c> the shards' results are
/// merged as they come from the engine (by score, then id), which separates the searching from the conversion.
/// </summary>
internal sealed class ShardedEngineTarget : ISearchTarget
{
    private readonly ShardIndex[] _shards;
    private readonly (SearchRequest Request, Bm25Statistics Statistics)[] _prepared;

    private readonly bool _convertPages;

    private ShardedEngineTarget(ShardIndex[] shards, (SearchRequest, Bm25Statistics)[] prepared, bool convertPages)
    {
        _shards = shards;
        _prepared = prepared;
        _convertPages = convertPages;
    }

    public string Name => _convertPages ? "engine split in shards (in-process, one after another)" : "engine split in shards, pages not converted";

    /// <summary>The same shards and prepared queries, merging the engine's results without converting them to shard pages.</summary>
    public ShardedEngineTarget WithoutPageConversion() => new(_shards, _prepared, convertPages: false);

    public static async Task<ShardedEngineTarget> BuildAsync(IndexSpec spec, IReadOnlyList<BenchQuery> queries, bool includeStoredFields)
    {
        var schema = IndexSchemaFactory.Build(spec);
        var mapper = new DocumentMapper(spec, schema);
        var shards = Enumerable.Range(0, spec.ShardCount).Select(_ => new ShardIndex(schema, new SearchOptions { Bm25 = new Bm25Parameters(spec.K1, spec.B) })).ToArray();
        await foreach (var document in SampleCorpusLoader.ReadCorpusAsync())
        {
            shards[ShardKeys.ShardOf(document.Id, spec.ShardCount)].Add(mapper.ToSearchDocument(document.Id, document.Fields));
        }
        var metadataFields = spec.Fields.Where(f => f.Role is not null || f.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var prepared = queries.Select(query =>
        {
            var request = new SearchRequest
            {
                Query = query.Text,
                Filters = query.Section is null ? [] : [new KeywordFilter("section", query.Section)],
                Limit = 10,
                IncludeStoredFields = includeStoredFields,
                StoredFieldNames = includeStoredFields ? metadataFields : null,
            };
            var summed = GlobalStatistics.Sum(shards.Select(shard => QueryMapper.ToWire(shard.CollectStatistics(request))));
            return (request, QueryMapper.FromWire(summed));
        }).ToArray();
        return new ShardedEngineTarget(shards, prepared, convertPages: true);
    }

    public ValueTask<bool> SearchAsync(int query) => ValueTask.FromResult(_convertPages ? Merged(query).Count > 0 : MergedUnconverted(query).Count > 0);

    public Task<IReadOnlyList<string>> HitIdsAsync(int query)
        => Task.FromResult<IReadOnlyList<string>>(_convertPages ? [.. Merged(query).Select(hit => hit.Id)] : [.. MergedUnconverted(query).Select(hit => hit.Id)]);

    private List<SearchHit> MergedUnconverted(int query)
    {
        var (request, statistics) = _prepared[query];
        var hits = new List<SearchHit>(_shards.Length * request.Limit);
        foreach (var shard in _shards)
        {
            hits.AddRange(shard.Search(request, statistics).Hits);
        }
        hits.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return hits.Count > request.Limit ? hits.GetRange(0, request.Limit) : hits;
    }

    private List<ShardHit> Merged(int query)
    {
        var (request, statistics) = _prepared[query];
        var pages = new ShardPage[_shards.Length];
        for (int shard = 0; shard < _shards.Length; shard++)
        {
            pages[shard] = QueryMapper.ToPage(_shards[shard].Search(request, statistics), SortSpec.Score);
        }
        return ShardPageMerger.Merge(pages, null, false, 0, 10, []).Hits;
    }
}
