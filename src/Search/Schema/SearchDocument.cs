namespace OrleansSearch.Search.Schema;

/// <summary>
/// A document to index: a string id, unique within an index, and typed field values. The setters
/// say which type the caller means, so <see cref="IndexSchema.Validate"/> can name a mismatch.
/// </summary>
public sealed class SearchDocument
{
    private readonly Dictionary<string, FieldValue> _values = new(StringComparer.Ordinal);

    /// <summary>Creates an empty document with the given id.</summary>
    public SearchDocument(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            throw new ArgumentException("A document id must not be empty.", nameof(id));
        }

        Id = id;
    }

    /// <summary>The document id, unique per index.</summary>
    public string Id { get; }

    /// <summary>The values by field name.</summary>
    public IReadOnlyDictionary<string, FieldValue> Values => _values;

    /// <summary>Sets a text field.</summary>
    public SearchDocument Text(string field, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Set(field, new FieldValue(FieldType.Text, text, null, 0, null));
    }

    /// <summary>Sets a keyword field to one or more exact values.</summary>
    public SearchDocument Keyword(string field, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, $"{nameof(values)} of keyword field '{field}'");
        }

        return Set(field, new FieldValue(FieldType.Keyword, null, (string[])values.Clone(), 0, null));
    }

    /// <summary>Sets a number field.</summary>
    public SearchDocument Number(string field, double value) =>
        Set(field, new FieldValue(FieldType.Number, null, null, value, null));

    /// <summary>Sets a date field (kept with millisecond precision).</summary>
    public SearchDocument Date(string field, DateTimeOffset value) =>
        Set(field, new FieldValue(FieldType.Date, null, null, value.ToUnixTimeMilliseconds(), null));

    /// <summary>Sets a vector field.</summary>
    public SearchDocument Vector(string field, ReadOnlySpan<float> vector) =>
        Set(field, new FieldValue(FieldType.Vector, null, null, 0, vector.ToArray()));

    private SearchDocument Set(string field, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        _values[field] = value;
        return this;
    }
}

/// <summary>One field value of a <see cref="SearchDocument"/>; which member is set depends on <see cref="Kind"/>.</summary>
/// <param name="Kind">The type the caller gave the value as.</param>
/// <param name="Text">The text of a text field.</param>
/// <param name="Keywords">The values of a keyword field.</param>
/// <param name="Number">The value of a number field, or the epoch milliseconds of a date field.</param>
/// <param name="Vector">The components of a vector field.</param>
public readonly record struct FieldValue(FieldType Kind, string? Text, string[]? Keywords, double Number, float[]? Vector);
