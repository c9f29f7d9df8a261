using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>Reads an index's description from its catalog grain, turning "no such index" into a 404.</summary>
internal sealed class IndexDirectory(IGrainFactory grains)
{
    public async Task<IndexDescription> RequireAsync(string index)
    {
        if (!IndexNames.IsValid(index))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index name '{Truncate(index)}' is invalid: {IndexNames.Rule}.");
        }
        IndexDescription? description;
        try
        {
            description = await grains.GetGrain<IIndexCatalogGrain>(index).Describe();
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
        return description ?? throw GatewayException.NotFound(ErrorCodes.IndexNotFound, $"Index '{index}' does not exist; list_indexes shows the existing ones.");
    }

    private static string Truncate(string? value) => value is null ? "" : value.Length <= 80 ? value : value[..80] + "…";
}
