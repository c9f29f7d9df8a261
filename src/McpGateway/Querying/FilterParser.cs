using System.Globalization;
using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Reads the JSON filter object against the index's fields: a keyword field takes a value or a list
/// (any of); a number or date field takes a range object with gt/gte/lt/lte (dates as ISO 8601 or epoch ms).
/// </summary>
internal static class FilterParser
{
    public static List<QueryFilter> Parse(IndexSpec spec, Dictionary<string, JsonElement>? filters)
    {
        var parsed = new List<QueryFilter>();
        if (filters is null)
        {
            return parsed;
        }
        foreach (var (name, value) in filters)
        {
            var field = spec.Fields.FirstOrDefault(f => f.Name == name)
                ?? throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter on unknown field '{name}'; index '{spec.Name}' has {string.Join(", ", spec.Fields.Select(f => f.Name))}.");
            parsed.Add(field.Kind switch
            {
                FieldKind.Keyword => new QueryFilter(name, AnyOf: Values(name, value)),
                FieldKind.Number or FieldKind.Date => Range(field, value),
                _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Field '{name}' is {field.Kind.ToString().ToLowerInvariant()}; filters apply to keyword, number and date fields."),
            });
        }
        return parsed;
    }

    private static List<string> Values(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array when value.GetArrayLength() is > 0 and <= 1024 => [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter '{name}' takes strings."))],
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter '{name}' takes a string or a list of 1–1024 strings."),
    };

    private static QueryFilter Range(FieldSpec field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter '{field.Name}' takes a range object such as {{\"gte\": 1, \"lt\": 10}}.");
        }
        double? min = null, max = null;
        bool minInclusive = true, maxInclusive = true;
        foreach (var bound in value.EnumerateObject())
        {
            double number = Bound(field, bound.Value);
            switch (bound.Name)
            {
                case "gt": min = number; minInclusive = false; break;
                case "gte": min = number; minInclusive = true; break;
                case "lt": max = number; maxInclusive = false; break;
                case "lte": max = number; maxInclusive = true; break;
                default:
                    throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter '{field.Name}' has bound '{bound.Name}'; use gt, gte, lt or lte.");
            }
        }
        return new QueryFilter(field.Name, Min: min, Max: max, MinInclusive: minInclusive, MaxInclusive: maxInclusive);
    }

    private static double Bound(FieldSpec field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number))
        {
            return number;
        }
        if (field.Kind == FieldKind.Date && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToUnixTimeMilliseconds();
        }
        throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Filter '{field.Name}' bound must be a finite number{(field.Kind == FieldKind.Date ? " or an ISO 8601 date" : "")}.");
    }
}
