using OrleansSearch.Search.Analysis;
using OrleansSearch.Embeddings;
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
        foreach (var field in spec.Fields)
        {
            CheckEmbedFrom(spec, field);
        }
        return new IndexSchema(spec.Fields.Select(Field));
    }

    /// <summary>
    /// A vector field filled by the built-in model must have the model's dimension and cosine metric (its
    /// vectors are unit length) and read existing text fields.
    /// </summary>
    private static void CheckEmbedFrom(IndexSpec spec, FieldSpec field)
    {
        if (field.EmbedFrom is null)
        {
            return;
        }
        if (field.Kind != FieldKind.Vector)
        {
            throw new ArgumentException($"Field '{field.Name}' is a {field.Kind.ToString().ToLowerInvariant()} field; only vector fields take embed_from.");
        }
        if (field.EmbedFrom.Count == 0)
        {
            throw new ArgumentException($"Vector field '{field.Name}' has an empty embed_from; name the text fields to embed, or leave it out to supply vectors yourself.");
        }
        if (field.Dimension != UniversalSentenceEncoder.VectorDimension || field.Metric != "cosine")
        {
            throw new ArgumentException($"Vector field '{field.Name}' is embedded by the built-in model, which makes {UniversalSentenceEncoder.VectorDimension}-dimensional cosine vectors; the field has dimension {field.Dimension} and metric {field.Metric}.");
        }
        foreach (var source in field.EmbedFrom)
        {
            if (spec.Fields.FirstOrDefault(candidate => candidate.Name == source) is not { Kind: FieldKind.Text })
            {
                throw new ArgumentException($"Vector field '{field.Name}' embeds '{source}', which is not a text field of index '{spec.Name}'.");
            }
        }
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
