using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace OrleansSearch.McpGateway.Api;

/// <summary>
/// The OpenAPI schema of <c>filters</c>, which the model declares as a map of raw JSON values because its value type
/// depends on the field (<see cref="Querying.FilterParser"/> reads it): an object whose properties are field names, each
/// a keyword value, a list of keyword values (any of), or a range object with gt / gte / lt / lte bounds (numbers; for
/// date fields also ISO 8601 strings).
/// </summary>
internal static class FilterSchema
{
    public static void Describe(OpenApiSchema filters)
    {
        var bound = new OpenApiSchema
        {
            OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.Number },
                new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "Date fields only: an ISO 8601 date." },
            ],
        };
        filters.Type = JsonSchemaType.Object | JsonSchemaType.Null;
        filters.AdditionalProperties = new OpenApiSchema
        {
            OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Description = "Keyword fields: documents with this value." },
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    MinItems = 1,
                    MaxItems = 1024,
                    Description = "Keyword fields: documents with any of these values.",
                },
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["gt"] = bound, ["gte"] = bound, ["lt"] = bound, ["lte"] = bound },
                    AdditionalPropertiesAllowed = false,
                    MinProperties = 1,
                    Description = "Number and date fields: a range; gt/gte the lower bound (exclusive/inclusive), lt/lte the upper.",
                },
            ],
        };
        filters.Example = JsonNode.Parse("""{"section": "web", "tags": ["role::program", "use::editing"], "installed_size_kb": {"gte": 100, "lt": 5000}}""");
    }
}
