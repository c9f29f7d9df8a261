using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Snippets;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// A shard search ranked by vector similarity. Hits are ordered like BM25 hits (score descending, then id
/// ordinal-ascending), so shards merge and page with the same cursors; the score is the metric's similarity
/// (cosine, dot product, or negated L2 distance). The matches — what the total and the facets count — are the
/// live documents that have the vector field and pass the filters: every one of them has a rank. The query
/// text, if any, is read as plain words (a semantic query is natural language, not the query language) and
/// only chooses what the snippets highlight.
/// </summary>
internal static class NearestNeighbourSearch
{
    public static SearchResult Run(ShardIndex index, SearchRequest request, NearestVector nearest)
    {
        ArgumentNullException.ThrowIfNull(nearest.Field, nameof(request));
        var field = index.Schema.GetField(nearest.Field, FieldType.Vector, "a nearest-neighbour search");
        CheckVector(field, nearest.Vector);
        if (!request.Sort.IsScore)
        {
            throw new ArgumentException($"A nearest-neighbour search is ordered by similarity; it cannot sort by '{request.Sort.Field}'.", nameof(request));
        }

        var vectors = index.VectorFieldOf(field);
        var filterBits = FilterEvaluator.Evaluate(index, request.Filters);
        var allowed = filterBits is null ? null : OrdinalSet.FromBits(filterBits);
        var facets = index.CreateFacetCounters(request);
        var totalHits = CountMatches(vectors.Store, allowed, facets);

        double? afterScore = null;
        string? afterId = null;
        if (request.SearchAfter is not null)
        {
            var (score, _, id) = SearchCursor.Decode(request.SearchAfter, SortSpec.Score);
            (afterScore, afterId) = (score, id);
        }

        var window = request.Offset + request.Limit;
        var nearestHits = window == 0 ? [] : NearestAfter(vectors, nearest.Vector, allowed, window, afterScore, afterId);
        var highlighter = request.Highlight is not null && !string.IsNullOrWhiteSpace(request.Query)
            ? new Highlighter(index, index.PlanQuery(request with { Syntax = QuerySyntax.Plain }), request.Highlight)
            : null;
        var hits = new List<SearchHit>(Math.Max(0, nearestHits.Count - request.Offset));
        for (var i = request.Offset; i < nearestHits.Count; i++)
        {
            var hit = nearestHits[i];
            hits.Add(new SearchHit(
                hit.Id,
                hit.Score,
                default,
                request.IncludeStoredFields ? index.StoredFieldsOf(hit.DocumentOrdinal, request.StoredFieldNames) : null,
                null,
                highlighter?.Snippets(hit.DocumentOrdinal)));
        }

        var facetResults = new FacetResult[facets.Length];
        for (var i = 0; i < facets.Length; i++)
        {
            facetResults[i] = facets[i].Result();
        }

        return new SearchResult(hits, totalHits, TotalHitsRelation.Exact, facetResults, hits.Count == 0 ? null : SearchCursor.Encode(SortSpec.Score, hits[^1]));
    }

    private static void CheckVector(FieldDefinition field, float[]? vector)
    {
        if (vector is null || vector.Length != field.Dimension)
        {
            throw new ArgumentException($"Vector field '{field.Name}' has dimension {field.Dimension}; the query vector has {vector?.Length ?? 0} components.", nameof(vector));
        }

        foreach (var component in vector)
        {
            if (!float.IsFinite(component))
            {
                throw new ArgumentException($"The query vector for '{field.Name}' has a component that is not a finite number.", nameof(vector));
            }
        }
    }

    private static long CountMatches(VectorStore store, OrdinalSet? allowed, FacetCounter[] facets)
    {
        long matches = 0;
        for (var slot = 0; slot < store.SlotCount; slot++)
        {
            if (store.IsDeleted(slot))
            {
                continue;
            }

            var ordinal = store.Ordinal(slot);
            if (allowed is not null && !allowed.Contains(ordinal))
            {
                continue;
            }

            matches++;
            foreach (var facet in facets)
            {
                facet.Count(ordinal);
            }
        }

        return matches;
    }

    /// <summary>
    /// The first <paramref name="window"/> nearest hits after the cursor, in result order. A graph cannot start
    /// after a cursor, so the search asks for twice as many neighbours until enough of them lie past it.
    /// </summary>
    private static List<VectorHit> NearestAfter(VectorIndex vectors, float[] query, OrdinalSet? allowed, int window, double? afterScore, string? afterId)
    {
        var available = allowed?.Count ?? vectors.Count;
        var k = Math.Min(window, Math.Max(available, 1));
        while (true)
        {
            var found = vectors.Search(query, k, allowed);
            Array.Sort(found, static (x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Id, y.Id));
            var after = new List<VectorHit>(Math.Min(window, found.Length));
            foreach (var hit in found)
            {
                if (afterScore is not { } score || hit.Score < score || (hit.Score == score && string.CompareOrdinal(hit.Id, afterId) > 0))
                {
                    after.Add(hit);
                    if (after.Count == window)
                    {
                        return after;
                    }
                }
            }

            if (found.Length < k || k >= available)
            {
                return after;
            }

            k = (int)Math.Min((long)k * 2, available);
        }
    }
}
