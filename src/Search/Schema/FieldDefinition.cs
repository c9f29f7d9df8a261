using OrleansSearch.Search.Vectors;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Schema;

/// <summary>
/// One field of an <see cref="IndexSchema"/>. Create it with the factory method of its type
/// (<see cref="Text"/>, <see cref="Keyword"/>, <see cref="Number"/>, <see cref="Date"/>, <see cref="Vector"/>),
/// which checks the settings that type needs.
/// </summary>
public sealed class FieldDefinition
{
    private FieldDefinition(string name, FieldType type, IAnalyzer? analyzer, float boost, bool stored, int dimension, VectorMetric metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw new ArgumentException(
                    $"Field name '{name}' contains '{c}'; field names use ASCII letters, digits, '_', '-' and '.' only (so 'field:value' stays unambiguous in queries).",
                    nameof(name));
            }
        }

        Name = name;
        Type = type;
        Analyzer = analyzer;
        Boost = boost;
        Stored = stored;
        Dimension = dimension;
        Metric = metric;
    }

    /// <summary>The field name, unique in its schema.</summary>
    public string Name { get; }

    /// <summary>What the field holds.</summary>
    public FieldType Type { get; }

    /// <summary>The analyzer of a text field (index and query time); null for other types.</summary>
    public IAnalyzer? Analyzer { get; }

    /// <summary>Score multiplier of a text field; 1 for other types.</summary>
    public float Boost { get; }

    /// <summary>Whether the original value is kept so results and snippets can show it.</summary>
    public bool Stored { get; }

    /// <summary>The number of components of a vector field; 0 for other types.</summary>
    public int Dimension { get; }

    /// <summary>The similarity metric of a vector field.</summary>
    public VectorMetric Metric { get; }

    /// <summary>A number field's query-independent boost; null when it is not a rank feature.</summary>
    public RankFeature? RankFeature { get; private init; }

    /// <summary>An analyzed, BM25-scored text field.</summary>
    public static FieldDefinition Text(string name, IAnalyzer analyzer, float boost = 1f, bool stored = true)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        if (!float.IsFinite(boost) || boost <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(boost), boost, $"Boost of field '{name}' is {boost}; it must be a finite number > 0.");
        }

        return new FieldDefinition(name, FieldType.Text, analyzer, boost, stored, 0, VectorMetric.Cosine);
    }

    /// <summary>An exact-match keyword field (filters, facets, sorting); a document may give several values.</summary>
    public static FieldDefinition Keyword(string name, bool stored = true) =>
        new(name, FieldType.Keyword, null, 1f, stored, 0, VectorMetric.Cosine);

    /// <summary>
    /// A numeric field (range filters, sorting). With <paramref name="rankFeature"/> its value also adds a saturating
    /// boost to the score of every document a relevance-ordered search matches, and must be ≥ 0.
    /// </summary>
    public static FieldDefinition Number(string name, bool stored = true, RankFeature? rankFeature = null) =>
        new(name, FieldType.Number, null, 1f, stored, 0, VectorMetric.Cosine) { RankFeature = rankFeature };

    /// <summary>A date field (range filters, sorting), kept as epoch milliseconds.</summary>
    public static FieldDefinition Date(string name, bool stored = true) =>
        new(name, FieldType.Date, null, 1f, stored, 0, VectorMetric.Cosine);

    /// <summary>A dense vector field of <paramref name="dimension"/> components.</summary>
    public static FieldDefinition Vector(string name, int dimension, VectorMetric metric = VectorMetric.Cosine)
    {
        if (dimension is < 1 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"Dimension of vector field '{name}' is {dimension}; it must be between 1 and 65536.");
        }

        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Metric {metric} of vector field '{name}' is not one of Cosine, DotProduct, Euclidean.");
        }

        return new FieldDefinition(name, FieldType.Vector, null, 1f, stored: false, dimension, metric);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type})";
}
