using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Api;

/// <summary>
/// What the generated OpenAPI document cannot infer: the closed value sets of string arguments (detail, mode,
/// fusion; a field's type, role, analyzer and metric), the shape of <c>filters</c> (<see cref="FilterSchema"/>) and the
/// error bodies every operation can answer with. Property descriptions come from
/// <see cref="System.ComponentModel.DescriptionAttribute"/> on the models.
/// </summary>
internal static class GatewayOpenApi
{
    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["detail"] = ["ids", "metadata", "preview", "full"],
        ["mode"] = ["keyword", "semantic", "hybrid"],
        ["fusion"] = ["rrf", "weighted"],
    };

    private static readonly Dictionary<string, string[]> FieldEnums = new(StringComparer.Ordinal)
    {
        ["type"] = ["text", "keyword", "number", "date", "vector"],
        ["role"] = ["title", "summary"],
        ["analyzer"] = ["english", "simple"],
        ["metric"] = ["cosine", "dot", "l2"],
    };

    public static void Configure(OpenApiOptions options) => options.AddSchemaTransformer((schema, context, cancellationToken) =>
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(SearchInput) || type == typeof(LookupInput))
        {
            SetEnums(schema, Enums);
            if (schema.Properties?.TryGetValue("filters", out var filters) == true && filters is OpenApiSchema concrete)
            {
                FilterSchema.Describe(concrete);
            }
        }
        else if (type == typeof(FieldInput))
        {
            SetEnums(schema, FieldEnums);
        }
        return Task.CompletedTask;
    });

    private static void SetEnums(OpenApiSchema schema, Dictionary<string, string[]> enums)
    {
        if (schema.Properties is not { } properties)
        {
            return;
        }
        foreach (var (name, values) in enums)
        {
            if (properties.TryGetValue(name, out var property) && property is OpenApiSchema concrete)
            {
                concrete.Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))];
            }
        }
    }

    /// <summary>The error answers of an operation: all carry <see cref="ErrorEnvelope"/> with a stable code.</summary>
    public static RouteHandlerBuilder WithErrors(this RouteHandlerBuilder route) => route
        .Produces<ErrorEnvelope>(StatusCodes.Status400BadRequest)
        .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
        .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
        .Produces<ErrorEnvelope>(StatusCodes.Status413PayloadTooLarge)
        .Produces<ErrorEnvelope>(StatusCodes.Status429TooManyRequests)
        .Produces<ErrorEnvelope>(StatusCodes.Status500InternalServerError)
        .Produces<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)
        .Produces<ErrorEnvelope>(StatusCodes.Status504GatewayTimeout);
}
