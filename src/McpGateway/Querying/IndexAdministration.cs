using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Embeddings;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>Creates, lists, describes and drops indexes through the catalog grains.</summary>
internal sealed class IndexAdministration(IGrainFactory grains, IndexDirectory directory, Hosting.GatewayOptions gateway)
{
    public async Task<IndexOutput> CreateAsync(CreateIndexInput input)
    {
        if (input is null || !IndexNames.IsValid(input.Name))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Index name '{input?.Name}' is invalid: {IndexNames.Rule}.");
        }
        try
        {
            return ToOutput(await grains.GetGrain<IIndexCatalogGrain>(input.Name).Create(ToSpec(input, gateway.IsEmbedded ? 0 : 1)));
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
    }

    /// <summary>
    /// An index definition as clients write it, in the catalog's terms (the catalog checks it), with
    /// <paramref name="defaultReplicas"/> extra copies of each shard when the client names none.
    /// </summary>
    internal static IndexSpec ToSpec(CreateIndexInput input, int defaultReplicas = 0)
    {
        var fields = (input.Fields ?? []).Select(field => new FieldSpec(field.Name, ParseKind(field), field.Analyzer ?? "english", field.Boost, field.Stored,
            field.EmbedFrom is not null && field.Dimension == 0 ? UniversalSentenceEncoder.VectorDimension : field.Dimension, field.Metric ?? "cosine", field.EmbedFrom,
            field.Role, field.RankFeature is { } feature ? new RankFeatureSpec(feature.Weight, feature.Pivot) : null)).ToList();
        return new IndexSpec(input.Name, input.Shards, fields, input.K1, input.B, input.Replicas ?? defaultReplicas);
    }

    public async Task<IReadOnlyList<IndexOutput>> ListAsync()
    {
        try
        {
            var names = await grains.GetGrain<IIndexRegistryGrain>(IIndexRegistryGrain.Key).List();
            var descriptions = await Task.WhenAll(names.Select(name => grains.GetGrain<IIndexCatalogGrain>(name).Describe()));
            return descriptions.Where(d => d is not null).Select(d => ToOutput(d!)).ToList();
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
    }

    public async Task<IndexOutput> DescribeAsync(string index)
    {
        var description = await directory.RequireAsync(index);
        try
        {
            var spec = description.Spec;
            var copies = await Task.WhenAll(Enumerable.Range(0, spec.ShardCount).SelectMany(shard => Enumerable.Range(0, spec.Copies)
                .Select(copy => grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard, copy)).Describe())));
            // Documents and memory of the index itself: the writing copies (the others hold the same documents again).
            var writers = copies.Where(s => s.Copy == 0).ToList();
            return ToOutput(description) with
            {
                Documents = writers.Sum(s => (long)s.Documents),
                MemoryBytes = writers.Sum(s => s.MemoryBytes),
                ShardPlacement = copies.Select(s => new ShardPlacementOutput(s.Shard, s.Copy, s.Silo, s.Documents, s.MemoryBytes)).ToList(),
            };
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
    }

    public async Task DropAsync(string index)
    {
        await directory.RequireAsync(index);
        try
        {
            await grains.GetGrain<IIndexCatalogGrain>(index).Drop();
            directory.Forget(index);
        }
        catch (Exception exception)
        {
            throw GrainErrors.Translate(exception);
        }
    }

    private static FieldKind ParseKind(FieldInput field) => field.Type switch
    {
        "text" => FieldKind.Text,
        "keyword" => FieldKind.Keyword,
        "number" => FieldKind.Number,
        "date" => FieldKind.Date,
        "vector" => FieldKind.Vector,
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"Field '{field.Name}' has type '{field.Type}'; use text, keyword, number, date or vector."),
    };

    private static IndexOutput ToOutput(IndexDescription description) => new(
        description.Spec.Name,
        description.Spec.ShardCount,
        description.Spec.Replicas,
        description.Spec.Fields.Select(ToOutput).ToList(),
        description.Generation,
        description.CreatedAt);

    private static FieldOutput ToOutput(FieldSpec field) => field.Kind switch
    {
        FieldKind.Text => new FieldOutput(field.Name, "text", field.Stored, Analyzer: field.Analyzer, Boost: field.Boost, Role: field.Role),
        FieldKind.Vector => new FieldOutput(field.Name, "vector", field.Stored, Dimension: field.Dimension, Metric: field.Metric, EmbedFrom: field.EmbedFrom?.ToList()),
        FieldKind.Number => new FieldOutput(field.Name, "number", field.Stored,
            RankFeature: field.RankFeature is { } feature ? new RankFeatureInput(feature.Weight, feature.Pivot) : null),
        _ => new FieldOutput(field.Name, field.Kind.ToString().ToLowerInvariant(), field.Stored, Role: field.Role),
    };
}
