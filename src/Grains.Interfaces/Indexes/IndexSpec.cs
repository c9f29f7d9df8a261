namespace OrleansSearch.Grains;

/// <summary>What a field holds.</summary>
public enum FieldKind
{
    /// <summary>Analyzed, BM25-scored text.</summary>
    Text,
    /// <summary>Exact values: filters, facets, lookups, sorting.</summary>
    Keyword,
    /// <summary>A number: range filters, sorting.</summary>
    Number,
    /// <summary>A date (ISO 8601 on the wire): range filters, sorting.</summary>
    Date,
    /// <summary>A dense vector of fixed dimension.</summary>
    Vector,
}

/// <summary>One field of an index.</summary>
/// <param name="Analyzer">Text fields: <c>english</c> (stemming, stopwords) or <c>simple</c>.</param>
/// <param name="Boost">Text fields: score multiplier.</param>
/// <param name="Stored">Whether the value is kept for results and snippets.</param>
/// <param name="Dimension">Vector fields: the number of components.</param>
/// <param name="Metric">Vector fields: <c>cosine</c>, <c>dot</c> or <c>l2</c>.</param>
/// <param name="EmbedFrom">
/// Vector fields: text fields whose values the built-in embedding model turns into this field's vector when a
/// document does not give one, and which semantic queries are embedded with. Null: clients supply the vectors.
/// </param>
public sealed record FieldSpec(string Name, FieldKind Kind, string Analyzer = "english", float Boost = 1, bool Stored = true, int Dimension = 0, string Metric = "cosine", IReadOnlyList<string>? EmbedFrom = null);

/// <summary>An index's schema and layout; fixed once created.</summary>
/// <param name="ShardCount">Documents are spread over this many shard grains by a stable hash of their id.</param>
/// <param name="K1">BM25 term-frequency saturation.</param>
/// <param name="B">BM25 length normalization.</param>
public sealed record IndexSpec(string Name, int ShardCount, IReadOnlyList<FieldSpec> Fields, double K1 = 0.9, double B = 0.4);

/// <summary>An index as the catalog knows it.</summary>
/// <param name="Generation">Moves forward on every write to the index, so cached answers of older generations are never served.</param>
public sealed record IndexDescription(IndexSpec Spec, long Generation, DateTimeOffset CreatedAt);
