using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansSearch.McpGateway.Api;

namespace OrleansSearch.McpGateway.Tools;

/// <summary>
/// The MCP tools, with descriptions written for a language model: what each tool is for, what the
/// arguments mean, and how to spend fewer tokens (detail levels, top_k, cursors).
/// </summary>
internal static class SearchTools
{
    public static IServiceCollection AddSearchTools(this IServiceCollection services)
    {
        services.AddSingleton(McpServerTool.Create(
            [Description("Searches one index. Returns the best matches first, with total counts and optional facet counts. " +
                "mode='keyword' (default, and the best single choice in our measurements: on the sample Debian catalog it put an expected package in the top 5 for 85% of natural-language questions, hybrid 73%, semantic 55%) matches words (BM25, plus any popularity boost the index defines). " +
                "mode='semantic' finds documents close in meaning even without shared words (needs a vector field, see list_indexes); alone it ranks worse. " +
                "mode='hybrid' fuses the two rankings: try it, or semantic, when keyword results miss because your words differ from the documents' (it found the answer to some such questions keyword missed). " +
                "Start with detail='ids' or 'metadata' to spare tokens, then get_document or detail='preview' (highlighted passages) for the hits that matter. " +
                "Keyword query language: plain words (any match; require_all=true for all), \"exact phrases\", +required, -excluded, field:value. " +
                "total counts the matches; when total_is_exact is false it is a lower bound (counting stopped once the page was certain, or a shard was missing): request facets for an exact count. Hybrid totals are the keyword side's.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index to search (list_indexes shows them).")] string index,
             [Description("What to look for.")] string query,
             [Description("Field filters that narrow results without changing scores: {\"section\": \"admin\"}, {\"tags\": [\"a\", \"b\"]} (any of), {\"installed_size_kb\": {\"gte\": 100, \"lt\": 5000}}.")] Dictionary<string, JsonElement>? filters = null,
             [Description("Keyword fields to count values of over all matches, e.g. [\"section\"].")] List<string>? facets = null,
             [Description("How many hits to return (1-100).")] int top_k = 10,
             [Description("The next_cursor of a previous answer, to get the following page (it pages only the search that returned it).")] string? cursor = null,
             [Description("Hits to skip before the first one returned; offset + top_k is at most 10000. Use either offset or cursor.")] int offset = 0,
             [Description("When a shard does not answer in time: true (default) returns what arrived with partial=true and missing_shards; false fails the call instead.")] bool allow_partial = true,
             [Description("How much of each hit to return: ids (id and score); metadata (default: the fields the index gives the role title or summary, e.g. a package's name and one-line description, plus its keyword, number and date fields); preview (metadata plus the best passage of each text field, query terms in <em>); full (every stored field).")] string detail = "metadata",
             [Description("Sort by a keyword/number/date field instead of relevance; prefix '-' for descending.")] string? sort = null,
             [Description("Require every unmarked term (AND) instead of any (OR).")] bool require_all = false,
             [Description("keyword (default; best on average) | semantic (by meaning, for wording that differs from the documents') | hybrid (both rankings fused).")] string mode = "keyword",
             [Description("Semantic/hybrid: which vector field to use when the index has several.")] string? vector_field = null,
             [Description("Semantic/hybrid: your own query vector, for vector fields you fill yourself; otherwise the query text is embedded.")] float[]? vector = null,
             [Description("Hybrid: rrf (reciprocal rank fusion, default) or weighted (normalised scores, equal weights).")] string fusion = "rrf")
                => ToolInvocation.RunAsync(request, "search", (operations, caller) => operations.SearchAsync(caller, index, new SearchInput
                {
                    Query = query, Filters = filters, Facets = facets, TopK = top_k, Offset = offset, Cursor = cursor, AllowPartial = allow_partial, Detail = detail, Sort = sort,
                    RequireAll = require_all, Mode = mode, VectorField = vector_field, Vector = vector, Fusion = fusion,
                }, RequestAborted(request))),
            new McpServerToolCreateOptions { Name = "search", Title = "Search an index", UseStructuredContent = true, ReadOnly = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Fetches one document by id with all its stored fields and its version.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index.")] string index,
             [Description("The document id (as returned by search).")] string id)
                => ToolInvocation.RunAsync(request, "get_document", (operations, caller) => operations.GetDocumentAsync(caller, index, id)),
            new McpServerToolCreateOptions { Name = "get_document", Title = "Get a document", UseStructuredContent = true, ReadOnly = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Everything whose keyword field equals a value (e.g. all packages of one maintainer, all items of vendor X), with facet counts to summarize them. Results are ordered by id.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index.")] string index,
             [Description("A keyword field, e.g. \"maintainer\".")] string field,
             [Description("The exact value.")] string value,
             [Description("Keyword fields to summarize the matches by.")] List<string>? facets = null,
             [Description("How many documents to return (1-100).")] int top_k = 20,
             [Description("ids | metadata | preview | full.")] string detail = "metadata",
             [Description("The next_cursor of a previous answer.")] string? cursor = null)
                => ToolInvocation.RunAsync(request, "lookup", (operations, caller) => operations.LookupAsync(caller, index, new LookupInput(field, value, facets, top_k, detail, cursor), RequestAborted(request))),
            new McpServerToolCreateOptions { Name = "lookup", Title = "Look up by keyword value", UseStructuredContent = true, ReadOnly = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Adds or replaces documents in an index (up to 1000 per call). Writing the same id again replaces it; if_version makes the write conditional. Each document's outcome is reported.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index.")] string index,
             [Description("Documents: [{\"id\": \"...\", \"fields\": {...}, \"if_version\": optional number (0 = only if new)}].")] List<DocumentInput> documents)
                => ToolInvocation.RunAsync(request, "index_documents", (operations, caller) => operations.IndexDocumentsAsync(caller, index, new IndexDocumentsInput(documents))),
            new McpServerToolCreateOptions { Name = "index_documents", Title = "Index documents", UseStructuredContent = true, Destructive = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Deletes documents by id; ids that do not exist are reported as not_found.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index.")] string index,
             [Description("Ids to delete.")] List<string> ids)
                => ToolInvocation.RunAsync(request, "delete_documents", (operations, caller) => operations.DeleteDocumentsAsync(caller, index, new DeleteDocumentsInput(ids))),
            new McpServerToolCreateOptions { Name = "delete_documents", Title = "Delete documents", UseStructuredContent = true, Destructive = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Creates an index. Field types: text (searched; analyzer english|simple, boost), keyword (exact values: filters, facets, lookup), number, date, " +
                "vector (for semantic search: either embed_from: [text fields] to have the built-in model embed them, or dimension + metric cosine|dot|l2 to supply vectors yourself). " +
                "role: title | summary marks the stored text or keyword field that identifies a document and the one that says what it is (at most one each); search hits at detail=metadata show them. " +
                "rank_feature: {weight, pivot} on a number field (values >= 0, e.g. popularity) adds weight * s / (s + pivot) to the score of every keyword match with value s: half the weight at s = pivot, never more than the weight. " +
                "Shards spread the index over the cluster; replicas are extra copies of every shard on other silos, which keep searches answered while a silo fails or restarts.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("Lowercase name: letters, digits, '-', '_'.")] string name,
             [Description("Fields: [{\"name\": \"title\", \"type\": \"text\", \"boost\": 2, \"role\": \"title\"}, {\"name\": \"tag\", \"type\": \"keyword\"}, {\"name\": \"downloads\", \"type\": \"number\", \"rank_feature\": {\"weight\": 1, \"pivot\": 1000}}, {\"name\": \"meaning\", \"type\": \"vector\", \"embed_from\": [\"title\"]}].")] List<FieldInput> fields,
             [Description("Number of shards (1-256).")] int shards = 4,
             [Description("Extra copies of each shard (0-4). Default: 1 on a cluster, 0 on the single-process embedded gateway.")] int? replicas = null)
                => ToolInvocation.RunAsync(request, "create_index", (operations, caller) => operations.CreateIndexAsync(caller, new CreateIndexInput(name, fields, shards, Replicas: replicas))),
            new McpServerToolCreateOptions { Name = "create_index", Title = "Create an index", UseStructuredContent = true, Destructive = false, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Lists the indexes with their fields, so you know what to search and which fields to filter or facet on.")]
            (RequestContext<CallToolRequestParams> request)
                => ToolInvocation.RunAsync(request, "list_indexes", async (operations, caller) => new IndexList(await operations.ListIndexesAsync(caller))),
            new McpServerToolCreateOptions { Name = "list_indexes", Title = "List indexes", UseStructuredContent = true, ReadOnly = true, Idempotent = true, OpenWorld = false }));

        services.AddSingleton(McpServerTool.Create(
            [Description("Describes an index: fields, document count, memory, and which silo holds each shard.")]
            (RequestContext<CallToolRequestParams> request,
             [Description("The index.")] string index)
                => ToolInvocation.RunAsync(request, "describe_index", (operations, caller) => operations.DescribeIndexAsync(caller, index)),
            new McpServerToolCreateOptions { Name = "describe_index", Title = "Describe an index", UseStructuredContent = true, ReadOnly = true, Idempotent = true, OpenWorld = false }));
        return services;
    }

    /// <summary>The HTTP request's abort token (a client that goes away cancels the fan-out); none over stdio.</summary>
    private static CancellationToken RequestAborted(RequestContext<CallToolRequestParams> request)
        => request.Services?.GetService<IHttpContextAccessor>()?.HttpContext?.RequestAborted ?? CancellationToken.None;
}

/// <summary>list_indexes' structured result (an object, as MCP structured content must be).</summary>
public sealed record IndexList([property: System.Text.Json.Serialization.JsonPropertyName("indexes")] IReadOnlyList<IndexOutput> Indexes);
