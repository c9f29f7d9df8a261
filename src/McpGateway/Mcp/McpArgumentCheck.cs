using System.Text.Json;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Checks a tool call's arguments against the tool's own input schema before the SDK binds them to the
/// tool's parameters, so a mistake is reported with the argument's name and the reason (the SDK's binder
/// only says "An error occurred invoking 'search'."). It covers what the schemas derived from our tool
/// methods use: type (string or list), required, properties, additionalProperties, items, enum and local
/// $ref; other keywords are left to the binder. Lone UTF-16 surrogates in strings are refused earlier, for
/// every request, by <see cref="McpLoneSurrogateCheck"/>.
/// </summary>
internal static class McpArgumentCheck
{
    private const int MaxDepth = 32;

    /// <summary>The first problem found, as (argument, reason), or null when the arguments fit the schema.</summary>
    public static (string Argument, string Reason)? Find(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        if (inputSchema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var required in Required(inputSchema))
        {
            if (!arguments.ContainsKey(required))
            {
                return (required, "it is required but missing");
            }
        }
        var properties = inputSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        foreach (var (name, value) in arguments)
        {
            if (McpLoneSurrogateCheck.HasLoneSurrogate(name))
            {
                return ("(unnamed)", "an argument name contains a lone UTF-16 surrogate");
            }
            JsonElement schema = default;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var declared))
            {
                schema = declared;
            }
            else if (inputSchema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                return (name, "this tool has no such argument");
            }
            if (Check(inputSchema, schema, value, name, 0) is { } reason)
            {
                return (name, reason);
            }
        }
        return null;
    }

    private static string? Check(JsonElement root, JsonElement schema, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }
        schema = Resolve(root, schema);
        if (value.ValueKind == JsonValueKind.String && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var options)
            && options.ValueKind == JsonValueKind.Array && options.EnumerateArray().All(o => o.ValueKind == JsonValueKind.String)
            && !options.EnumerateArray().Any(o => value.ValueEquals(o.GetString())))
        {
            return $"{Where(path)}{value.GetRawText()} is not one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetString()))}";
        }
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) && !Matches(type, value))
        {
            return $"{Where(path)}expected {DescribeType(type)}, got {DescribeValue(value)}";
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var required in schema.ValueKind == JsonValueKind.Object ? Required(schema) : [])
                {
                    if (!value.TryGetProperty(required, out _))
                    {
                        return $"{Where(path)}the property '{required}' is required but missing";
                    }
                }
                var properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                var additional = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out var a) ? a : default;
                foreach (var property in value.EnumerateObject())
                {
                    if (!TryGetName(property, out var name))
                    {
                        return $"{Where(path)}a property name contains a lone UTF-16 surrogate";
                    }
                    JsonElement propertySchema = default;
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var declared))
                    {
                        propertySchema = declared;
                    }
                    else if (additional.ValueKind == JsonValueKind.False)
                    {
                        return $"{Where(path)}there is no property '{name}'";
                    }
                    else if (additional.ValueKind == JsonValueKind.Object)
                    {
                        propertySchema = additional;
                    }
                    if (Check(root, propertySchema, property.Value, $"{path}.{name}", depth + 1) is { } reason)
                    {
                        return reason;
                    }
                }
                break;
            case JsonValueKind.Array:
                var items = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out var i) ? i : default;
                int index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Check(root, items, item, $"{path}[{index}]", depth + 1) is { } reason)
                    {
                        return reason;
                    }
                    index++;
                }
                break;
        }
        return null;
    }

    private static string Where(string path) => path.Contains('.') || path.Contains('[') ? $"at {path}: " : "";

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)
            : [];

    /// <summary>Follows a local "$ref" ("#/..." JSON pointer into the input schema); anything else is returned as is.</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        for (int hops = 0; hops < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            && reference.GetString() is { } pointer && pointer.StartsWith('#'); hops++)
        {
            var target = root;
            foreach (var token in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out var next))
                {
                    target = next;
                }
                else if (target.ValueKind == JsonValueKind.Array && int.TryParse(name, out var n) && n < target.GetArrayLength())
                {
                    target = target[n];
                }
                else
                {
                    return default;
                }
            }
            schema = target;
        }
        return schema;
    }

    private static bool Matches(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => Matches(type.GetString(), value),
        JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && Matches(t.GetString(), value)),
        _ => true,
    };

    private static bool Matches(string? type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && Math.Floor(d) == d)),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString())))
        : Article(type.GetString());

    private static string Article(string? type) => type switch
    {
        "integer" => "an integer",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => "a " + type,
    };

    private static string DescribeValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "an integer" : "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return !McpLoneSurrogateCheck.HasLoneSurrogate(name);
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
