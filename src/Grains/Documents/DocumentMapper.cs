using System.Globalization;
using System.Text.Json;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Grains.Documents;

/// <summary>
/// Turns a document's JSON fields into the search library's typed document by the index's field kinds,
/// rejecting what does not fit with a message naming the field and the rule; and keeps the JSON as the
/// stored payload, so a replay builds exactly the same document.
/// </summary>
internal sealed class DocumentMapper(IndexSpec spec, IndexSchema schema)
{
    public const int MaxIdLength = 512;

    private readonly Dictionary<string, FieldSpec> _fields = spec.Fields.ToDictionary(field => field.Name, StringComparer.Ordinal);

    /// <summary>Builds the search document; throws <see cref="InvalidDocumentException"/> when a value does not fit its field.</summary>
    public SearchDocument ToSearchDocument(string id, IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            throw new InvalidDocumentException($"Document id must be 1–{MaxIdLength} characters; got {id?.Length ?? 0}.");
        }
        var document = new SearchDocument(id);
        foreach (var (name, value) in fields)
        {
            if (!_fields.TryGetValue(name, out var field))
            {
                throw new InvalidDocumentException($"Field '{name}' is not in the schema of index '{spec.Name}'.");
            }
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (field.Kind)
            {
                case FieldKind.Text:
                    document.Text(name, TextOf(name, value));
                    break;
                case FieldKind.Keyword:
                    document.Keyword(name, KeywordsOf(name, value));
                    break;
                case FieldKind.Number:
                    document.Number(name, NumberOf(name, value));
                    break;
                case FieldKind.Date:
                    document.Date(name, DateOf(name, value));
                    break;
                case FieldKind.Vector:
                    document.Vector(name, VectorOf(field, value));
                    break;
            }
        }
        try
        {
            schema.Validate(document);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDocumentException(exception.Message);
        }
        return document;
    }

    public static byte[] ToPayload(IReadOnlyDictionary<string, JsonElement> fields) => JsonSerializer.SerializeToUtf8Bytes(fields);

    public static Dictionary<string, JsonElement> FromPayload(byte[] payload) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(payload) ?? [];

    private static string TextOf(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join('\n', value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new InvalidDocumentException($"Text field '{name}' takes a string or an array of strings."))),
        _ => throw new InvalidDocumentException($"Text field '{name}' takes a string or an array of strings, not {value.ValueKind}."),
    };

    private static string[] KeywordsOf(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new InvalidDocumentException($"Keyword field '{name}' takes a string or an array of strings."))],
        _ => throw new InvalidDocumentException($"Keyword field '{name}' takes a string or an array of strings, not {value.ValueKind}."),
    };

    private static double NumberOf(string name, JsonElement value)
        => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number)
            ? number
            : throw new InvalidDocumentException($"Number field '{name}' takes a finite JSON number.");

    private static DateTimeOffset DateOf(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long milliseconds) && milliseconds is > -62135596800000 and < 253402300800000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
        throw new InvalidDocumentException($"Date field '{name}' takes an ISO 8601 string or epoch milliseconds.");
    }

    private static float[] VectorOf(FieldSpec field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return VectorEncoding.TryFromBase64(value.GetString()!, out var decoded) && decoded.Length == field.Dimension
                ? decoded
                : throw new InvalidDocumentException($"Vector field '{field.Name}' takes {field.Dimension} numbers, as an array or as base64 of {field.Dimension * sizeof(float)} bytes of little-endian float32.");
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDocumentException($"Vector field '{field.Name}' takes an array of {field.Dimension} numbers (or their base64 float32 form).");
        }
        int length = value.GetArrayLength();
        if (length != field.Dimension)
        {
            throw new InvalidDocumentException($"Vector field '{field.Name}' has dimension {field.Dimension}; the document gives {length} numbers.");
        }
        var vector = new float[length];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            vector[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetSingle(out float component) && float.IsFinite(component)
                ? component
                : throw new InvalidDocumentException($"Vector field '{field.Name}' component {i - 1} is not a finite number.");
        }
        return vector;
    }
}

/// <summary>A document does not fit its index's schema; nothing of it was written.</summary>
public sealed class InvalidDocumentException : Exception
{
    public InvalidDocumentException() { }
    public InvalidDocumentException(string message) : base(message) { }
    public InvalidDocumentException(string message, Exception innerException) : base(message, innerException) { }
}
