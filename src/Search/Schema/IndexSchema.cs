using OrleansSearch.Search.Vectors;
namespace OrleansSearch.Search.Schema;

/// <summary>
/// The fields of an index. Documents are validated against it before they are indexed, and
/// queries resolve field names through it (text fields through their analyzer, keyword fields exactly).
/// </summary>
public sealed class IndexSchema
{
    private readonly Dictionary<string, int> _ordinalByName = new(StringComparer.Ordinal);

    /// <summary>Creates a schema; field names must be unique and at least one text field is needed.</summary>
    public IndexSchema(IEnumerable<FieldDefinition> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = new List<FieldDefinition>();
        foreach (var field in fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            if (!_ordinalByName.TryAdd(field.Name, list.Count))
            {
                throw new ArgumentException($"Field '{field.Name}' is declared twice; field names must be unique.", nameof(fields));
            }

            list.Add(field);
        }

        Fields = list;
        var textFields = new List<FieldDefinition>();
        foreach (var field in list)
        {
            if (field.Type == FieldType.Text)
            {
                textFields.Add(field);
            }
        }

        if (textFields.Count == 0)
        {
            throw new ArgumentException("A schema needs at least one text field to search.", nameof(fields));
        }

        TextFields = textFields;
    }

    /// <summary>All fields in declaration order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The text fields in declaration order: the default fields of a query term without a field name.</summary>
    public IReadOnlyList<FieldDefinition> TextFields { get; }

    /// <summary>Finds a field by name.</summary>
    public bool TryGetField(string name, out FieldDefinition field)
    {
        if (_ordinalByName.TryGetValue(name, out var ordinal))
        {
            field = Fields[ordinal];
            return true;
        }

        field = null!;
        return false;
    }

    /// <summary>Returns the field named <paramref name="name"/> or throws naming the known fields.</summary>
    public FieldDefinition GetField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetField(name, out var field)
            ? field
            : throw new ArgumentException($"Unknown field '{name}'; the schema has: {string.Join(", ", _ordinalByName.Keys)}.", nameof(name));
    }

    /// <summary>Returns the field named <paramref name="name"/>, checking that it has the <paramref name="expected"/> type.</summary>
    public FieldDefinition GetField(string name, FieldType expected, string purpose)
    {
        var field = GetField(name);
        return field.Type == expected
            ? field
            : throw new ArgumentException($"Field '{name}' is a {field.Type} field; {purpose} needs a {expected} field.", nameof(name));
    }

    /// <summary>Position of the field in <see cref="Fields"/>.</summary>
    internal int OrdinalOf(FieldDefinition field) => _ordinalByName[field.Name];

    /// <summary>
    /// Checks that every value names a known field of the matching type, that numbers are finite
    /// and that vectors have the declared dimension and finite components.
    /// </summary>
    /// <exception cref="ArgumentException">The first problem found, naming field, value and rule.</exception>
    public void Validate(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (name, value) in document.Values)
        {
            if (!TryGetField(name, out var field))
            {
                throw new ArgumentException(
                    $"Document '{document.Id}' has unknown field '{name}'; the schema has: {string.Join(", ", _ordinalByName.Keys)}.", nameof(document));
            }

            if (field.Type != value.Kind)
            {
                throw new ArgumentException(
                    $"Document '{document.Id}' gives field '{name}' a {value.Kind} value, but the field is declared as {field.Type}.", nameof(document));
            }

            switch (field.Type)
            {
                case FieldType.Number when !double.IsFinite(value.Number):
                    throw new ArgumentException(
                        $"Document '{document.Id}' gives number field '{name}' the value {value.Number}; numbers must be finite.", nameof(document));
                case FieldType.Number when field.RankFeature is not null && value.Number < 0:
                    throw new ArgumentException(
                        $"Document '{document.Id}' gives rank feature field '{name}' the value {value.Number}; rank feature values must be ≥ 0.", nameof(document));
                case FieldType.Vector:
                    ValidateVector(document.Id, field, value.Vector!);
                    break;
            }
        }
    }

    private static void ValidateVector(string id, FieldDefinition field, float[] vector)
    {
        if (vector.Length != field.Dimension)
        {
            throw new ArgumentException(
                $"Document '{id}' gives vector field '{field.Name}' {vector.Length} components; the field is declared with dimension {field.Dimension}.",
                nameof(vector));
        }

        var squaredNorm = 0d;
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException(
                    $"Document '{id}' gives vector field '{field.Name}' the component [{i}] = {vector[i]}; components must be finite.", nameof(vector));
            }

            squaredNorm += (double)vector[i] * vector[i];
        }

        if (field.Metric == VectorMetric.Cosine && squaredNorm == 0)
        {
            throw new ArgumentException(
                $"Document '{id}' gives cosine vector field '{field.Name}' a zero vector; cosine similarity is undefined for it.", nameof(vector));
        }
    }
}
