using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>How much of each hit to return; the lighter levels spare the client's tokens.</summary>
public enum DetailLevel
{
    /// <summary>Id and score only.</summary>
    Ids,
    /// <summary>Plus the fields the schema gives a role (title, summary) and keyword, number and date fields (no long text).</summary>
    Metadata,
    /// <summary>Plus the best passage of each text field with the query terms highlighted.</summary>
    Preview,
    /// <summary>Every stored field.</summary>
    Full,
}

internal static class DetailLevels
{
    public static DetailLevel Parse(string? value) => value switch
    {
        null or "" or "metadata" => DetailLevel.Metadata,
        "ids" => DetailLevel.Ids,
        "preview" => DetailLevel.Preview,
        "full" => DetailLevel.Full,
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"detail is '{value}'; use ids, metadata, preview or full."),
    };
}
