using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Api;

/// <summary>A search as REST and MCP clients send it.</summary>
public sealed record SearchInput
{
    [Description("What to look for. Keyword syntax: plain words (any match; require_all for all), \"exact phrases\", +required, -excluded, field:value.")] [JsonPropertyName("query")] public string Query { get; init; } = "";
    /// <summary>Field filters: <c>{"section": "admin"}</c>, <c>{"tags": ["a","b"]}</c> (any of), <c>{"size": {"gte": 1, "lt": 9}}</c>.</summary>
    [Description("Field filters that narrow results without changing scores: {\"section\": \"admin\"} (equals), {\"tags\": [\"a\", \"b\"]} (any of), {\"size\": {\"gte\": 1, \"lt\": 9}} (range; gt, gte, lt, lte) on keyword, number and date fields.")] [JsonPropertyName("filters")] public Dictionary<string, JsonElement>? Filters { get; init; }
    [Description("Keyword fields to count values of over all matches (at most 16).")] [JsonPropertyName("facets")] public List<string>? Facets { get; init; }
    [Description("Hits per page, 1 to Limits:MaxTopK (100).")] [JsonPropertyName("top_k")] public int TopK { get; init; } = 10;
    [Description("Hits to skip; offset + top_k is at most Limits:MaxResultWindow (10000). Use either offset or cursor.")] [JsonPropertyName("offset")] public int Offset { get; init; }
    [Description("The next_cursor of the previous page of the same search (same index, query, filters, sort and mode).")] [JsonPropertyName("cursor")] public string? Cursor { get; init; }
    /// <summary><c>ids</c>, <c>metadata</c> (default), <c>preview</c> (with highlighted passages) or <c>full</c>.</summary>
    [Description("How much of each hit: ids, metadata (default: the fields the index gives the role title or summary, plus keyword, number and date fields), preview (plus highlighted passages) or full (every stored field).")] [JsonPropertyName("detail")] public string Detail { get; init; } = "metadata";
    /// <summary>A field to sort by instead of score; prefix with '-' for descending.</summary>
    [Description("A keyword, number or date field to sort by instead of score; prefix - for descending. Keyword mode only.")] [JsonPropertyName("sort")] public string? Sort { get; init; }
    /// <summary>All unmarked terms required (AND) instead of any (OR).</summary>
    [Description("Require every unmarked term (AND) instead of any (OR).")] [JsonPropertyName("require_all")] public bool RequireAll { get; init; }
    /// <summary>When a shard misses the deadline: answer with what arrived (true, default) or fail.</summary>
    [Description("When a shard misses Limits:ShardTimeout: true (default) answers with partial=true and missing_shards; false answers 504.")] [JsonPropertyName("allow_partial")] public bool AllowPartial { get; init; } = true;
    /// <summary><c>keyword</c> (BM25, default), <c>semantic</c> (nearest vectors) or <c>hybrid</c> (both, fused); README and bench/RESULTS.md say how they compare.</summary>
    [Description("keyword (BM25, default; the best single choice on our judged sets: Debian questions success@5 0.85 against hybrid 0.73 and semantic 0.55, SciFact nDCG@10 0.68 against 0.44 and 0.21), semantic (nearest vectors: finds documents worded differently from the query) or hybrid (both rankings fused with RRF or weighted scores: helps some questions keyword misses, worse on average).")] [JsonPropertyName("mode")] public string Mode { get; init; } = "keyword";
    /// <summary>Semantic/hybrid: the vector field (default: the index's only one).</summary>
    [Description("Semantic/hybrid: the vector field; default the index's only one.")] [JsonPropertyName("vector_field")] public string? VectorField { get; init; }
    /// <summary>Semantic/hybrid: the query vector; without it the query text is embedded by the field's model.</summary>
    [Description("Semantic/hybrid: the query vector; without it the query text is embedded by the field's model.")] [JsonPropertyName("vector")] public float[]? Vector { get; init; }
    /// <summary>Hybrid: <c>rrf</c> (reciprocal rank fusion, k = 60, default) or <c>weighted</c> (min-max normalised scores, equal weights).</summary>
    [Description("Hybrid: rrf (reciprocal rank fusion, k = 60, default) or weighted (min-max normalised scores, equal weights).")] [JsonPropertyName("fusion")] public string Fusion { get; init; } = "rrf";
}

/// <summary>A search's answer.</summary>
public sealed record SearchOutput(
    [property: JsonPropertyName("index")] string Index,
    [property: JsonPropertyName("total"), Description("Documents that match (every shard that answered). A lower bound when total_is_exact is false. Hybrid: the keyword side's count.")] long Total,
    [property: JsonPropertyName("total_is_exact"), Description("true: total is the exact number of matches. false: total is a lower bound: shards stop counting once enough hits are certain for the page (relevance-ordered keyword searches without facets), or a shard is missing. Ask for facets to get an exact count.")] bool TotalIsExact,
    [property: JsonPropertyName("hits")] IReadOnlyList<HitOutput> Hits,
    [property: JsonPropertyName("partial"), Description("true when some shards did not answer in time: the hits and counts leave out missing_shards.")] bool Partial,
    [property: JsonPropertyName("missing_shards")] IReadOnlyList<int> MissingShards,
    // Optional parameters, so the MCP output schema does not require them: MCP structured content leaves nulls out.
    [property: JsonPropertyName("facets"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyList<FacetValueCount>>? Facets = null,
    [property: JsonPropertyName("next_cursor"), Description("Pass as cursor, with the same search, for the next page; absent on the last page.")] string? NextCursor = null);

public sealed record HitOutput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, JsonElement>? Fields = null,
    [property: JsonPropertyName("highlights"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Highlights = null);

/// <summary>Documents to write, each with an <c>id</c>, its fields and optionally <c>if_version</c>.</summary>
public sealed record IndexDocumentsInput([property: JsonPropertyName("documents")] List<DocumentInput> Documents);

public sealed record DocumentInput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("fields")] Dictionary<string, JsonElement> Fields,
    [property: JsonPropertyName("if_version")] long? IfVersion = null)
{
    /// <summary>Properties beside id, fields and if_version: collected so the document can be refused by name, not stored without them.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? UnknownProperties { get; init; }
}

public sealed record DeleteDocumentsInput([property: JsonPropertyName("ids")] List<string> Ids, [property: JsonPropertyName("if_version")] long? IfVersion = null);

public sealed record WriteOutput(
    [property: JsonPropertyName("index")] string Index,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("results")] IReadOnlyList<DocumentOutcomeOutput> Results);

public sealed record DocumentOutcomeOutput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Version = 0, // optional: failed outcomes have none
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);

/// <summary>
/// Index creation: fields with kinds, shard count, extra copies of each shard (null: 1 in cluster mode, 0 in the
/// embedded default, where there is one silo) and optional BM25 parameters.
/// </summary>
public sealed record CreateIndexInput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("fields")] List<FieldInput> Fields,
    [property: JsonPropertyName("shards")] int Shards = 4,
    [property: JsonPropertyName("k1")] double K1 = 0.9,
    [property: JsonPropertyName("b")] double B = 0.4,
    [property: JsonPropertyName("replicas")] int? Replicas = null);

public sealed record FieldInput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("analyzer")] string Analyzer = "english",
    [property: JsonPropertyName("boost")] float Boost = 1,
    [property: JsonPropertyName("stored")] bool Stored = true,
    [property: JsonPropertyName("dimension")] int Dimension = 0,
    [property: JsonPropertyName("metric")] string Metric = "cosine",
    [property: JsonPropertyName("embed_from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<string>? EmbedFrom = null,
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("title (what identifies a document, e.g. its name) or summary (what it is, in a line): a stored text or keyword field, at most one per role. Search hits at detail=metadata show these fields.")] string? Role = null,
    [property: JsonPropertyName("rank_feature"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("Number fields: makes the value s (>= 0) a query-independent boost, weight * s / (s + pivot) added to the score of every keyword match.")] RankFeatureInput? RankFeature = null);

/// <summary>A number field's boost of every match's score: <c>weight · s / (s + pivot)</c> for its value <c>s</c> (≥ 0).</summary>
public sealed record RankFeatureInput(
    [property: JsonPropertyName("weight"), Description("The most the field can add to a score; the boost is half of it at s = pivot. ≥ 0.")] double Weight,
    [property: JsonPropertyName("pivot"), Description("The value at which the boost is half the weight. > 0.")] double Pivot);

/// <summary>
/// A field as list_indexes and describe_index show it: only the properties that mean something for its type
/// (analyzer and boost for text, dimension, metric and embed_from for vectors), so no <c>dimension: 0</c> on a keyword.
/// </summary>
public sealed record FieldOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("stored")] bool Stored,
    // Optional parameters, so the MCP output schema does not require them: MCP structured content leaves nulls out.
    [property: JsonPropertyName("analyzer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Analyzer = null,
    [property: JsonPropertyName("boost"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Boost = null,
    [property: JsonPropertyName("dimension"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dimension = null,
    [property: JsonPropertyName("metric"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Metric = null,
    [property: JsonPropertyName("embed_from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EmbedFrom = null,
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonPropertyName("rank_feature"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RankFeatureInput? RankFeature = null);

public sealed record IndexOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("replicas")] int Replicas,
    [property: JsonPropertyName("fields")] IReadOnlyList<FieldOutput> Fields,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("documents"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Documents = null,
    [property: JsonPropertyName("memory_bytes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? MemoryBytes = null,
    [property: JsonPropertyName("shard_placement"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ShardPlacementOutput>? ShardPlacement = null);

/// <summary>Where one copy of a shard runs (copy 0 writes; the others follow it and serve queries too).</summary>
public sealed record ShardPlacementOutput(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("copy")] int Copy,
    [property: JsonPropertyName("silo")] string Silo,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("memory_bytes")] long MemoryBytes);

public sealed record DocumentOutput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>Documents whose keyword field equals a value ("everything about vendor X"), with a facet summary.</summary>
public sealed record LookupInput(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("facets")] List<string>? Facets = null,
    [property: JsonPropertyName("top_k")] int TopK = 20,
    [property: JsonPropertyName("detail")] string Detail = "metadata",
    [property: JsonPropertyName("cursor")] string? Cursor = null);
