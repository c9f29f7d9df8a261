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
            CheckRankFeature(field);
        }
        CheckRoles(spec);
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

    private static void CheckRankFeature(FieldSpec field)
    {
        if (field.RankFeature is not null && field.Kind != FieldKind.Number)
        {
            throw new ArgumentException($"Field '{field.Name}' is a {field.Kind.ToString().ToLowerInvariant()} field; only number fields can be rank features.");
        }
    }

    /// <summary>At most one field per role, and one a hit can show: a stored text or keyword field.</summary>
    private static void CheckRoles(IndexSpec spec)
    {
        foreach (var field in spec.Fields.Where(field => field.Role is not null))
        {
            if (field.Role is not (FieldRoles.Title or FieldRoles.Summary))
            {
                throw new ArgumentException($"Field '{field.Name}' has role '{field.Role}'; use {FieldRoles.Title} or {FieldRoles.Summary}.");
            }
            if (field.Kind is not (FieldKind.Text or FieldKind.Keyword) || !field.Stored)
            {
                throw new ArgumentException($"Field '{field.Name}' has role '{field.Role}', but a {(field.Stored ? "" : "non-stored ")}{field.Kind.ToString().ToLowerInvariant()} field cannot be shown in a hit; give roles to stored text or keyword fields.");
            }
            if (spec.Fields.Count(other => other.Role == field.Role) > 1)
            {
                throw new ArgumentException($"Role '{field.Role}' is given to {string.Join(" and ", spec.Fields.Where(other => other.Role == field.Role).Select(other => $"'{other.Name}'"))}; an index has at most one {field.Role} field.");
            }
        }
    }

    private static FieldDefinition Field(FieldSpec field) => field.Kind switch
    {
        FieldKind.Text => FieldDefinition.Text(field.Name, Analyzer(field), field.Boost, field.Stored),
        FieldKind.Keyword => FieldDefinition.Keyword(field.Name, field.Stored),
        FieldKind.Number => FieldDefinition.Number(field.Name, field.Stored, RankFeatureOf(field)),
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

    /// <summary>The library checks the same rules; checked here first so the message uses the API's names.</summary>
    private static RankFeature? RankFeatureOf(FieldSpec field)
    {
        if (field.RankFeature is not { } feature)
        {
            return null;
        }
        if (!double.IsFinite(feature.Weight) || feature.Weight < 0)
        {
            throw new ArgumentException($"Field '{field.Name}' has rank_feature.weight {feature.Weight}; it must be a finite number ≥ 0.");
        }
        if (!double.IsFinite(feature.Pivot) || feature.Pivot <= 0)
        {
            throw new ArgumentException($"Field '{field.Name}' has rank_feature.pivot {feature.Pivot}; it must be a finite number > 0 (the value at which the boost is half the weight).");
        }
        return new RankFeature(feature.Weight, feature.Pivot);
    }

    private static IAnalyzer Analyzer(FieldSpec field) => field.Analyzer switch
    {
        "english" => Analyzers.English,
        "simple" => Analyzers.Simple,
        _ => throw new ArgumentException($"Text field '{field.Name}' has analyzer '{field.Analyzer}'; use english or simple."),
    };
}
