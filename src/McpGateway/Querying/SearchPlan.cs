using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Search.Query;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Everything a search decides before any shard is asked, worked out once from the request and the index: the
/// mode and fusion, the detail level, the sort, the vector field, the facets, where in the merged list the page
/// starts (<see cref="Offset"/>) and how many hits each shard returns (<see cref="Window"/>), the cursor binding, and
/// the query the shards run. A request the index cannot answer fails here, before any fan-out, with the reason.
/// </summary>
internal sealed record SearchPlan(
    SearchMode Mode,
    HybridFusionKind Fusion,
    DetailLevel Detail,
    string? SortField,
    bool Descending,
    FieldSpec? VectorField,
    List<FacetSpec> Facets,
    int Offset,
    int Window,
    int TopK,
    string Binding,
    ShardQuery Query)
{
    private static readonly JsonSerializerOptions CacheJson = new(JsonSerializerDefaults.Web);

    public string ModeName => NameOf(Mode);

    /// <summary>What can be checked without the index: query, top_k, window, offset vs cursor, facet count, mode.</summary>
    public static void Check(SearchInput input, GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, ParseMode(input.Mode), limits);
    }

    public static SearchPlan Create(IndexDescription description, SearchInput input, GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(input);
        var spec = description.Spec;
        var mode = ParseMode(input.Mode);
        var fusion = mode == SearchMode.Hybrid ? HybridFusion.ParseKind(input.Fusion) : HybridFusionKind.ReciprocalRank;
        var detail = DetailLevels.Parse(input.Detail);
        var (sortField, descending) = ParseSort(spec, input.Sort);
        if (mode != SearchMode.Keyword && sortField is not null)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"sort orders keyword searches only; {NameOf(mode)} results are ordered by similarity.");
        }
        var vectorField = mode == SearchMode.Keyword ? null : ResolveVectorField(spec, input.VectorField);
        var facets = (input.Facets ?? []).Select(field => RequireField(spec, field, FieldKind.Keyword, "facets")).Select(field => new FacetSpec(field, 10)).ToList();
        string binding = QueryCursors.BindingOf(spec.Name, input, sortField, descending, mode, vectorField?.Name, fusion);
        string? shardCursor = input.Cursor is null ? null
            : QueryCursors.Unbind(input.Cursor, binding, sortField is null ? SortSpec.Score : SortSpec.By(sortField, descending ? SortOrder.Descending : SortOrder.Ascending), mode);

        // Keyword and semantic pages continue from a cursor inside every shard (offset 0 of what they return).
        // Hybrid pages are positions in one fused list of the best Limits:HybridWindow hits of each side, the same
        // list for every page, so its cursor is an offset in it.
        int offset = input.Offset;
        if (mode == SearchMode.Hybrid && shardCursor is not null)
        {
            offset = HybridFusion.OffsetOf(shardCursor);
            shardCursor = null;
        }
        else if (shardCursor is not null)
        {
            offset = 0;
        }
        if (mode == SearchMode.Hybrid)
        {
            CheckHybridWindow(offset, input.TopK, limits);
        }
        int window = mode == SearchMode.Hybrid ? limits.HybridWindow : offset + input.TopK;
        var query = new ShardQuery(
            input.Query ?? "",
            input.RequireAll,
            FilterParser.Parse(spec, input.Filters),
            facets.ConvertAll(facet => facet with { Size = facet.Size * 4 + 16 }),
            sortField,
            descending,
            Math.Min(window, limits.MaxResultWindow),
            shardCursor,
            detail == DetailLevel.Preview ? spec.Fields.Where(f => f.Kind == FieldKind.Text && f.Stored).Select(f => f.Name).ToList() : null,
            detail is DetailLevel.Metadata or DetailLevel.Preview or DetailLevel.Full,
            mode,
            // Below full detail a hit shows only its metadata fields: the shards send no others.
            FieldNames: detail is DetailLevel.Metadata or DetailLevel.Preview ? spec.Fields.Where(IsMetadata).Select(f => f.Name).ToList() : null);
        return new SearchPlan(mode, fusion, detail, sortField, descending, vectorField, facets, offset, window, input.TopK, binding, query);
    }

    /// <summary>The response cache's key for this plan (the generation is added by the caller).</summary>
    public string CacheKey(SearchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Serialize(new { Query, input.Offset, input.TopK, Detail, input.AllowPartial, input.Cursor, vectorField = VectorField?.Name, input.Vector, Fusion }, CacheJson);
    }

    private static FieldSpec ResolveVectorField(IndexSpec spec, string? name)
    {
        var vectorFields = spec.Fields.Where(field => field.Kind == FieldKind.Vector).ToList();
        if (name is not null)
        {
            return vectorFields.FirstOrDefault(field => field.Name == name)
                ?? throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"vector_field '{name}' is not a vector field of index '{spec.Name}'{(vectorFields.Count == 0 ? "" : $"; its vector fields: {string.Join(", ", vectorFields.Select(f => f.Name))}")}.");
        }
        return vectorFields.Count switch
        {
            1 => vectorFields[0],
            0 => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index '{spec.Name}' has no vector field, so it can only be searched in keyword mode."),
            _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index '{spec.Name}' has several vector fields ({string.Join(", ", vectorFields.Select(f => f.Name))}); name one as vector_field."),
        };
    }


    private static SearchMode ParseMode(string? mode) => mode switch
    {
        null or "keyword" => SearchMode.Keyword,
        "semantic" => SearchMode.Semantic,
        "hybrid" => SearchMode.Hybrid,
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"mode is '{mode}'; use keyword, semantic or hybrid."),
    };


    private static string NameOf(SearchMode mode) => mode switch
    {
        SearchMode.Semantic => "semantic",
        SearchMode.Hybrid => "hybrid",
        _ => "keyword",
    };


    /// <summary>
    /// The fields the metadata and preview levels show: the ones the schema gives a role (what identifies and what
    /// summarises a document, so an agent can judge a hit) and the short values it filters and groups by; not text bodies.
    /// </summary>
    private static bool IsMetadata(FieldSpec field) => field.Role is not null || field.Kind is FieldKind.Keyword or FieldKind.Number or FieldKind.Date;


    private static void Validate(SearchInput input, SearchMode mode, GatewayLimits limits)
    {
        if (string.IsNullOrWhiteSpace(input.Query) && (mode != SearchMode.Semantic || input.Vector is null))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, mode == SearchMode.Semantic ? "query is empty; a semantic search needs a query text or a vector." : "query is empty.");
        }
        if (input.Query is not null && input.Query.Length > limits.MaxQueryLength)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidQuery, $"query is {input.Query.Length} characters; the limit is {limits.MaxQueryLength}.");
        }
        if (input.TopK < 1 || input.TopK > limits.MaxTopK)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"top_k is {input.TopK}; it must be between 1 and {limits.MaxTopK}.");
        }
        CheckWindow(input.Offset, input.TopK, limits);
        if (input.Cursor is not null && input.Offset != 0)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "Use either offset or cursor, not both.");
        }
        if (input.Facets is { Count: > 16 })
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"{input.Facets.Count} facets requested; the limit is 16.");
        }
    }


    private static void CheckWindow(int offset, int topK, GatewayLimits limits)
    {
        if (offset < 0 || (long)offset + topK > limits.MaxResultWindow)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"offset + top_k is {(long)offset + topK}; the result window is {limits.MaxResultWindow}: page deeper with cursor.");
        }
    }


    private static void CheckHybridWindow(int offset, int topK, GatewayLimits limits)
    {
        if ((long)offset + topK > limits.HybridWindow)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"offset + top_k is {(long)offset + topK}; hybrid results are the best {limits.HybridWindow} of the fused ranking (Limits:HybridWindow).");
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
