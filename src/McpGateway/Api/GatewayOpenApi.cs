using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Api;

/// <summary>
/// What the generated OpenAPI document cannot infer: the closed value sets of string arguments (detail, mode,
/// fusion) and the error bodies every operation can answer with. Property descriptions come from
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

    public static void Configure(OpenApiOptions options) => options.AddSchemaTransformer((schema, context, cancellationToken) =>
    {
        if ((context.JsonTypeInfo.Type == typeof(SearchInput) || context.JsonTypeInfo.Type == typeof(LookupInput)) && schema.Properties is { } properties)
        {
            foreach (var (name, values) in Enums)
            {
                if (properties.TryGetValue(name, out var property) && property is OpenApiSchema concrete)
                {
                    concrete.Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))];
                }
            }
        }
        return Task.CompletedTask;
    });

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
