using OrleansSearch.Search.Snippets;

namespace OrleansSearch.Search.Query;

/// <summary>
/// One search: the query string and how to read it, filters, facets, order and the page to return.
/// </summary>
public sealed record SearchRequest
{
    /// <summary>The query text.</summary>
    public required string Query { get; init; }

    /// <summary>Query language or plain free text.</summary>
    public QuerySyntax Syntax { get; init; } = QuerySyntax.Full;

    /// <summary>How unmarked clauses combine.</summary>
    public DefaultOperator DefaultOperator { get; init; } = DefaultOperator.Or;

    /// <summary>Conditions every result meets; they do not change scores.</summary>
    public IReadOnlyList<SearchFilter> Filters { get; init; } = [];

    /// <summary>Keyword facets to count over all matching documents.</summary>
    public IReadOnlyList<FacetRequest> Facets { get; init; } = [];

    /// <summary>Result order; score by default.</summary>
    public SortSpec Sort { get; init; } = SortSpec.Score;

    /// <summary>Results to skip (offset + limit must stay within the result window).</summary>
    public int Offset { get; init; }

    /// <summary>Results to return.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>
    /// The <see cref="SearchResult.NextCursor"/> of the previous page: return results after it
    /// (deep pagination without offset). Cannot be combined with an offset.
    /// </summary>
    public string? SearchAfter { get; init; }

    /// <summary>
    /// Matches are counted exactly up to this many; beyond it the searcher may skip documents that
    /// cannot reach the top results, and the total becomes a lower bound.
    /// </summary>
    public int TotalHitsThreshold { get; init; } = 1000;

    /// <summary>Attach an <see cref="Scoring.Explanation"/> to every hit.</summary>
    public bool Explain { get; init; }

    /// <summary>Attach the stored field values to every hit.</summary>
    public bool IncludeStoredFields { get; init; }

    /// <summary>
    /// With <see cref="IncludeStoredFields"/>: attach only these fields (null: every stored field). A caller that
    /// shows a few short fields spares copying and shipping the long ones.
    /// </summary>
    public IReadOnlySet<string>? StoredFieldNames { get; init; }

    /// <summary>Attach snippets with highlighted query terms to every hit (null: none).</summary>
    public HighlightOptions? Highlight { get; init; }

    /// <summary>
    /// Rank by similarity to this vector instead of BM25: the hits are the documents nearest to it that pass
    /// the filters, and the matches (total and facets) are all documents with the vector field that pass them.
    /// The query text then only chooses the highlighted terms.
    /// </summary>
    public NearestVector? Nearest { get; init; }
}

/// <summary>A nearest-neighbour query: the vector field to search and the query vector (same dimension).</summary>
public sealed record NearestVector(string Field, float[] Vector);
