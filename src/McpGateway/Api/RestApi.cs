using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Api;

/// <summary>The REST API under <c>/v1</c>: the same operations as the MCP tools.</summary>
internal static class RestApi
{
    public static RouteGroupBuilder MapRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("indexes");
        api.MapGet("/indexes", ListIndexes).WithName("list_indexes").WithSummary("Lists every index with its fields.").WithErrors();
        api.MapPost("/indexes", CreateIndex).WithName("create_index").WithSummary("Creates an index (fields, shard count, BM25 parameters).").WithErrors();
        api.MapGet("/indexes/{index}", DescribeIndex).WithName("describe_index").WithSummary("Describes an index: documents, memory, shards and the silo of each.").WithErrors();
        api.MapDelete("/indexes/{index}", DropIndex).WithName("drop_index").WithSummary("Deletes an index and all its documents.").WithErrors();
        api.MapPost("/indexes/{index}/documents", IndexDocuments).WithName("index_documents").WithSummary("Adds or replaces documents (idempotent by id, optional if_version).").WithErrors();
        api.MapPost("/indexes/{index}/documents/delete", DeleteDocuments).WithName("delete_documents").WithSummary("Deletes documents by id.").WithErrors();
        api.MapGet("/indexes/{index}/documents/{id}", GetDocument).WithName("get_document").WithSummary("Returns one document with its version.").WithErrors();
        api.MapPost("/indexes/{index}/search", Search).WithName("search").WithSummary("Searches an index: keyword (BM25 over all shards with global statistics), semantic (nearest vectors) or hybrid (both, fused).").WithErrors();
        api.MapPost("/indexes/{index}/lookup", Lookup).WithName("lookup").WithSummary("Documents whose keyword field equals a value, with facet counts.").WithErrors();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<IndexOutput>>> ListIndexes(HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.ListIndexesAsync(Caller.From(context)));

    private static async Task<Created<IndexOutput>> CreateIndex(CreateIndexInput input, HttpContext context, IndexOperations operations)
    {
        var created = await operations.CreateIndexAsync(Caller.From(context), input);
        return TypedResults.Created($"/v1/indexes/{created.Name}", created);
    }

    private static async Task<Ok<IndexOutput>> DescribeIndex(string index, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.DescribeIndexAsync(Caller.From(context), index));

    private static async Task<NoContent> DropIndex(string index, HttpContext context, IndexOperations operations)
    {
        await operations.DropIndexAsync(Caller.From(context), index);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WriteOutput>> IndexDocuments(string index, IndexDocumentsInput input, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.IndexDocumentsAsync(Caller.From(context), index, input));

    private static async Task<Ok<WriteOutput>> DeleteDocuments(string index, DeleteDocumentsInput input, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.DeleteDocumentsAsync(Caller.From(context), index, input));

    private static async Task<Ok<DocumentOutput>> GetDocument(string index, string id, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.GetDocumentAsync(Caller.From(context), index, id));

    private static async Task<Ok<SearchOutput>> Search(string index, SearchInput input, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.SearchAsync(Caller.From(context), index, input, context.RequestAborted));

    private static async Task<Ok<SearchOutput>> Lookup(string index, LookupInput input, HttpContext context, IndexOperations operations)
        => TypedResults.Ok(await operations.LookupAsync(Caller.From(context), index, input, context.RequestAborted));
}
