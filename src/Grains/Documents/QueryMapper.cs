using System.Text.Json;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Snippets;

namespace OrleansSearch.Grains.Documents;

/// <summary>Translates between the shard grain's wire types and the search library's types.</summary>
internal static class QueryMapper
{
    public static SearchRequest ToRequest(ShardQuery query) => new()
    {
        Query = query.Query,
        DefaultOperator = query.RequireAll ? DefaultOperator.And : DefaultOperator.Or,
        Filters = query.Filters?.Select(ToFilter).ToList() ?? [],
        Facets = query.Facets?.Select(facet => new FacetRequest(facet.Field, facet.Size)).ToList() ?? [],
        Sort = SortOf(query),
        Limit = query.Limit,
        SearchAfter = query.SearchAfter,
        IncludeStoredFields = query.IncludeFields,
        StoredFieldNames = query.FieldNames is { } names ? names.ToHashSet(StringComparer.Ordinal) : null,
        Highlight = query.HighlightFields is { Count: > 0 } fields ? new HighlightOptions { Fields = fields } : null,
        Nearest = query.Mode == SearchMode.Semantic ? NearestOf(query) : null,
    };

    /// <summary>The vector side of a hybrid query: nearest neighbours from the first hit, without facets (the keyword side counts them).</summary>
    public static SearchRequest ToNearestRequest(ShardQuery query) => ToRequest(query) with { Nearest = NearestOf(query), Facets = [], SearchAfter = null };

    private static NearestVector NearestOf(ShardQuery query)
        => query.Nearest is { } nearest ? new NearestVector(nearest.Field, nearest.Vector) : throw new ArgumentException($"A {query.Mode} query needs a vector field and a query vector.", nameof(query));

    public static SortSpec SortOf(ShardQuery query)
        => query.SortField is null ? SortSpec.Score : SortSpec.By(query.SortField, query.SortDescending ? SortOrder.Descending : SortOrder.Ascending);

    private static SearchFilter ToFilter(QueryFilter filter)
        => filter.AnyOf is { } values
            ? new KeywordFilter(filter.Field, values)
            : new RangeFilter(filter.Field, filter.Min, filter.Max, filter.MinInclusive, filter.MaxInclusive);

    public static QueryStatistics ToWire(Bm25Statistics statistics) => new(
        statistics.Fields.ToDictionary(pair => pair.Key, pair => new FieldTotals(pair.Value.DocumentCount, pair.Value.SumLength), StringComparer.Ordinal),
        statistics.DocumentFrequencies.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(pair.Value, StringComparer.Ordinal), StringComparer.Ordinal));

    public static Bm25Statistics FromWire(QueryStatistics statistics) => new()
    {
        Fields = statistics.Fields.ToDictionary(pair => pair.Key, pair => new FieldStatistics(pair.Value.DocumentCount, pair.Value.SumLength), StringComparer.Ordinal),
        DocumentFrequencies = statistics.DocumentFrequencies.ToDictionary(pair => pair.Key, pair => new Dictionary<string, long>(pair.Value, StringComparer.Ordinal), StringComparer.Ordinal),
    };

    public static ShardPage ToPage(SearchResult result, SortSpec sort)
    {
        var storedFields = StoredFieldsAsJson(result.Hits);
        return new(
            result.Hits.Select((hit, i) => new ShardHit(
                hit.Id,
                hit.Score,
                hit.SortValue.Number,
                hit.SortValue.Keyword,
                SearchCursors.After(sort, hit),
                storedFields[i],
                hit.Snippets)).ToList(),
            result.TotalHits,
            result.TotalHitsRelation == TotalHitsRelation.Exact,
            result.Facets.Select(facet => new FacetCounts(facet.Field, facet.Values.Select(value => new FacetValueCount(value.Value, value.Count)).ToList())).ToList());
    }

    /// <summary>
    /// Each hit's stored fields as JSON values, all parsed from one JSON document for the whole page. A JsonElement
    /// always lives in a JsonDocument; serializing each value into a document of its own (8 metadata fields × 10 hits
    /// per shard and query for the sample corpus) cost more than the search itself (bench/RESULTS.md, "Gateway on
    /// Orleans: before and after"). The values are the same: each is still serialized by its runtime type.
    /// </summary>
    private static Dictionary<string, JsonElement>?[] StoredFieldsAsJson(IReadOnlyList<SearchHit> hits)
    {
        var fields = new Dictionary<string, JsonElement>?[hits.Count];
        var values = new IReadOnlyDictionary<string, object>?[hits.Count];
        bool any = false;
        for (int i = 0; i < hits.Count; i++)
        {
            values[i] = hits[i].StoredFields;
            any |= values[i] is not null;
        }
        if (!any)
        {
            return fields;
        }
        var page = JsonSerializer.SerializeToElement(values);
        int hit = 0;
        foreach (var element in page.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                var dictionary = new Dictionary<string, JsonElement>(values[hit]!.Count, StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dictionary[property.Name] = property.Value;
                }
                fields[hit] = dictionary;
            }
            hit++;
        }
        return fields;
    }
}
