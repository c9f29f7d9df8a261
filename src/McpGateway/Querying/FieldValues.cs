using System.Text.Json;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// The one shape of field values in answers (search hits and get_document alike): a keyword field with one
/// value is a string, with several an array of strings. The shards keep keyword values as lists, and documents
/// come back as written, so without this a value read as <c>["httpd"]</c> in a hit and <c>"httpd"</c> from get_document.
/// </summary>
internal static class FieldValues
{
    public static IReadOnlyDictionary<string, JsonElement>? Shape(IndexSpec spec, IReadOnlyDictionary<string, JsonElement>? fields)
    {
        if (fields is null || !fields.Any(pair => IsLoneKeyword(spec, pair.Key, pair.Value)))
        {
            return fields;
        }
        return fields.ToDictionary(pair => pair.Key, pair => IsLoneKeyword(spec, pair.Key, pair.Value) ? pair.Value[0] : pair.Value, StringComparer.Ordinal);
    }

    private static bool IsLoneKeyword(IndexSpec spec, string name, JsonElement value)
        => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1 && spec.Fields.Any(field => field.Name == name && field.Kind == FieldKind.Keyword);
}
