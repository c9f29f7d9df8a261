using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Grains.Indexes;

/// <summary>Turns an index spec (the wire form) into the search library's schema, checking every setting.</summary>
internal static class IndexSchemaFactory
{
    public const int MaxShards = 256;
    public const int MaxFields = 256;

    /// <summary>Builds the schema; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public static IndexSchema Build(IndexSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IndexNames.IsValid(spec.Name))
        {
            throw new ArgumentException($"Index name '{spec.Name}' is invalid: {IndexNames.Rule}.");
        }
        if (spec.ShardCount < 1 || spec.ShardCount > MaxShards)
        {
            throw new ArgumentException($"shard_count is {spec.ShardCount}; it must be between 1 and {MaxShards}.");
        }
        if (spec.Fields is null || spec.Fields.Count == 0 || spec.Fields.Count > MaxFields)
        {
            throw new ArgumentException($"An index needs between 1 and {MaxFields} fields; this one has {spec.Fields?.Count ?? 0}.");
        }
        if (!spec.Fields.Any(field => field.Kind == FieldKind.Text))
        {
            throw new ArgumentException("An index needs at least one text field to search.");
        }
        if (!double.IsFinite(spec.K1) || spec.K1 < 0 || spec.K1 > 1000 || !double.IsFinite(spec.B) || spec.B < 0 || spec.B > 1)
        {
            throw new ArgumentException($"BM25 k1 is {spec.K1} and b is {spec.B}; k1 must be in [0, 1000] and b in [0, 1].");
        }
        return new IndexSchema(spec.Fields.Select(Field));
    }

    private static FieldDefinition Field(FieldSpec field) => field.Kind switch
    {
        FieldKind.Text => FieldDefinition.Text(field.Name, Analyzer(field), field.Boost, field.Stored),
        FieldKind.Keyword => FieldDefinition.Keyword(field.Name, field.Stored),
        FieldKind.Number => FieldDefinition.Number(field.Name, field.Stored),
        FieldKind.Date => FieldDefinition.Date(field.Name, field.Stored),
        FieldKind.Vector => FieldDefinition.Vector(field.Name, field.Dimension, field.Metric switch
        {
            "cosine" => VectorMetric.Cosine,
            "dot" => VectorMetric.DotProduct,
            "l2" => VectorMetric.Euclidean,
            _ => throw new ArgumentException($"Vector field '{field.Name}' has metric '{field.Metric}'; use cosine, dot or l2."),
        }),
        _ => throw new ArgumentException($"Field '{field.Name}' has unknown kind {field.Kind}."),
    };

    private static IAnalyzer Analyzer(FieldSpec field) => field.Analyzer switch
    {
        "english" => Analyzers.English,
        "simple" => Analyzers.Simple,
        _ => throw new ArgumentException($"Text field '{field.Name}' has analyzer '{field.Analyzer}'; use english or simple."),
    };
}
