using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Api;

/// <summary>
/// Every operation of the gateway as REST and MCP both run it: check the caller's rights, take a token
/// from its rate limit, then do the work. One place, so the two front doors cannot drift apart.
/// </summary>
internal sealed class IndexOperations(QueryCoordinator queries, DocumentWriter writer, IndexAdministration indexes, ClientRateLimiter limiter)
{
    public async Task<SearchOutput> SearchAsync(Caller caller, string index, SearchInput input, CancellationToken cancellationToken)
    {
        await AdmitAsync(caller, () => caller.EnsureCanRead(index));
        return await queries.SearchAsync(index, input, cancellationToken);
    }

    public async Task<SearchOutput> LookupAsync(Caller caller, string index, LookupInput input, CancellationToken cancellationToken)
    {
        await AdmitAsync(caller, () => caller.EnsureCanRead(index));
        return await queries.LookupAsync(index, input, cancellationToken);
    }

    public async Task<DocumentOutput> GetDocumentAsync(Caller caller, string index, string id)
    {
        await AdmitAsync(caller, () => caller.EnsureCanRead(index));
        return await writer.GetAsync(index, id);
    }

    public async Task<WriteOutput> IndexDocumentsAsync(Caller caller, string index, IndexDocumentsInput input)
    {
        await AdmitAsync(caller, () => caller.EnsureCanWrite(index));
        return await writer.UpsertAsync(index, input);
    }

    public async Task<WriteOutput> DeleteDocumentsAsync(Caller caller, string index, DeleteDocumentsInput input)
    {
        await AdmitAsync(caller, () => caller.EnsureCanWrite(index));
        return await writer.DeleteAsync(index, input);
    }

    public async Task<IndexOutput> CreateIndexAsync(Caller caller, CreateIndexInput input)
    {
        await AdmitAsync(caller, caller.EnsureAdministrator);
        return await indexes.CreateAsync(input);
    }

    public async Task DropIndexAsync(Caller caller, string index)
    {
        await AdmitAsync(caller, caller.EnsureAdministrator);
        await indexes.DropAsync(index);
    }

    public async Task<IReadOnlyList<IndexOutput>> ListIndexesAsync(Caller caller)
    {
        await AdmitAsync(caller, () => { });
        return await indexes.ListAsync();
    }

    public async Task<IndexOutput> DescribeIndexAsync(Caller caller, string index)
    {
        await AdmitAsync(caller, () => caller.EnsureCanRead(index));
        return await indexes.DescribeAsync(index);
    }

    private Task AdmitAsync(Caller caller, Action checkRights)
    {
        checkRights();
        return limiter.AcquireAsync(caller);
    }
}
