namespace OrleansSearch.Grains;

/// <summary>What a field holds.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.FieldKind")]
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
/// <param name="Role">What the field says about its document: <see cref="FieldRoles.Title"/> (what identifies it) or
/// <see cref="FieldRoles.Summary"/> (what it is, in a line); null for neither. Hits at <c>metadata</c> detail show these fields.</param>
/// <param name="RankFeature">Number fields: a query-independent boost of the score by the field's value; null for none.</param>
[GenerateSerializer]
[Alias("OrleansSearch.FieldSpec")]
public sealed record FieldSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] FieldKind Kind,
    [property: Id(2)] string Analyzer = "english",
    [property: Id(3)] float Boost = 1,
    [property: Id(4)] bool Stored = true,
    [property: Id(5)] int Dimension = 0,
    [property: Id(6)] string Metric = "cosine",
    [property: Id(7)] IReadOnlyList<string>? EmbedFrom = null,
    [property: Id(8)] string? Role = null,
    [property: Id(9)] RankFeatureSpec? RankFeature = null);

/// <summary>A number field's boost: <c>Weight · s / (s + Pivot)</c> added to the score of every match with value <c>s</c>.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.RankFeatureSpec")]
public sealed record RankFeatureSpec([property: Id(0)] double Weight, [property: Id(1)] double Pivot);

/// <summary>The roles a field can play in its index (<see cref="FieldSpec.Role"/>); at most one field per role.</summary>
public static class FieldRoles
{
    /// <summary>The field that identifies a document to a reader: a name or title.</summary>
    public const string Title = "title";

    /// <summary>The field that says in a line what a document is: a short description or abstract.</summary>
    public const string Summary = "summary";
}

/// <summary>An index's schema and layout; fixed once created.</summary>
/// <param name="ShardCount">Documents are spread over this many shard grains by a stable hash of their id.</param>
/// <param name="K1">BM25 term-frequency saturation.</param>
/// <param name="B">BM25 length normalization.</param>
/// <param name="Replicas">
/// Extra copies of every shard, each on another silo while there are enough: queries go to any copy, writes to
/// copy 0, which the others follow. 0 keeps one copy per shard.
/// </param>
[GenerateSerializer]
[Alias("OrleansSearch.IndexSpec")]
public sealed record IndexSpec([property: Id(0)] string Name, [property: Id(1)] int ShardCount, [property: Id(2)] IReadOnlyList<FieldSpec> Fields, [property: Id(3)] double K1 = 0.9, [property: Id(4)] double B = 0.4, [property: Id(5)] int Replicas = 0)
{
    /// <summary>Most extra copies of a shard: more buys little once every silo can serve a shard.</summary>
    public const int MaxReplicas = 4;

    /// <summary>Copies of each shard, the writing one included.</summary>
    public int Copies => 1 + Replicas;
}

/// <summary>An index as the catalog knows it.</summary>
/// <param name="Generation">Moves forward on every write to the index, so cached answers of older generations are never served.</param>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSearch.IndexDescription")]
public sealed record IndexDescription([property: Id(0)] IndexSpec Spec, [property: Id(1)] long Generation, [property: Id(2)] DateTimeOffset CreatedAt);
