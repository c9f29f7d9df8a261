using OrleansSearch.Grains;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// The baseline: the same documents in one in-process <see cref="ShardIndex"/>, built with the index's own schema and
/// document mapping (as each shard grain builds its part), searched with the request a shard gets for the same
/// query: top 10, with the stored metadata fields (title and summary roles, keyword, number, date) unless the detail is <c>ids</c>. No network,
/// no grains, no JSON.
/// </summary>
internal sealed class EngineTarget : ISearchTarget
{
    private readonly ShardIndex _index;
    private readonly SearchRequest[] _requests;

    private EngineTarget(ShardIndex index, IReadOnlyList<BenchQuery> queries, IReadOnlySet<string>? storedFields)
    {
        _index = index;
        _requests = [.. queries.Select(query => new SearchRequest
        {
            Query = query.Text,
            Filters = query.Section is null ? [] : [new KeywordFilter("section", query.Section)],
            Limit = 10,
            IncludeStoredFields = storedFields is not null,
            StoredFieldNames = storedFields,
        })];
    }

    public string Name => "engine (one ShardIndex, in-process)";

    public int DocumentCount => _index.DocumentCount;

    public static async Task<EngineTarget> BuildAsync(IndexSpec spec, IReadOnlyList<BenchQuery> queries, bool includeStoredFields)
    {
        var schema = IndexSchemaFactory.Build(spec);
        var mapper = new DocumentMapper(spec, schema);
        var index = new ShardIndex(schema, new SearchOptions { Bm25 = new Bm25Parameters(spec.K1, spec.B) });
        await foreach (var document in SampleCorpusLoader.ReadCorpusAsync())
        {
            index.Add(mapper.ToSearchDocument(document.Id, document.Fields));
        }
        var metadataFields = spec.Fields.Where(f => f.Role is not null || f.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return new EngineTarget(index, queries, includeStoredFields ? metadataFields : null);
    }

    public ValueTask<bool> SearchAsync(int query) => ValueTask.FromResult(_index.Search(_requests[query]).Hits.Count > 0);

    public Task<IReadOnlyList<string>> HitIdsAsync(int query) => Task.FromResult<IReadOnlyList<string>>([.. _index.Search(_requests[query]).Hits.Select(hit => hit.Id)]);
}
