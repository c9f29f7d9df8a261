using System.Globalization;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Scoring;

/// <summary>
/// The query-independent part of a document's score: the sum of the boosts of the schema's rank features
/// (<see cref="RankFeature"/>). It depends only on the document's own values, never on shard statistics, so a
/// sharded index ranks exactly like a single shard. <see cref="MaxBoost"/> bounds it for MaxScore pruning.
/// </summary>
internal sealed class RankFeatureBoost
{
    private readonly NumericFieldIndex[] _columns;

    private RankFeatureBoost(NumericFieldIndex[] columns)
    {
        _columns = columns;
        foreach (var column in columns)
        {
            MaxBoost += column.Field.RankFeature!.Weight;
        }
    }

    /// <summary>An upper bound of <see cref="Boost"/>: the sum of the weights (each boost stays below its weight).</summary>
    public double MaxBoost { get; }

    /// <summary>The boost of <paramref name="index"/>'s rank features, or null when its schema declares none.</summary>
    public static RankFeatureBoost? For(ShardIndex index)
    {
        List<NumericFieldIndex>? columns = null;
        foreach (var field in index.Schema.Fields)
        {
            if (field.RankFeature is not null)
            {
                (columns ??= []).Add(index.NumericFieldOf(field));
            }
        }

        return columns is null ? null : new RankFeatureBoost([.. columns]);
    }

    /// <summary>The summed boost of document <paramref name="ordinal"/>, features in schema order.</summary>
    public double Boost(int ordinal)
    {
        var boost = 0d;
        foreach (var column in _columns)
        {
            boost += column.Field.RankFeature!.Boost(column.ValueOf(ordinal));
        }

        return boost;
    }

    public Explanation Explain(int ordinal)
    {
        var details = new List<Explanation>(_columns.Length);
        foreach (var column in _columns)
        {
            var feature = column.Field.RankFeature!;
            var value = column.ValueOf(ordinal);
            details.Add(new Explanation(
                feature.Boost(value),
                string.Create(CultureInfo.InvariantCulture, $"rank feature {column.Field.Name}: weight {feature.Weight} · s / (s + pivot {feature.Pivot}), s = {(double.IsNaN(value) ? "none" : value)}")));
        }

        return new Explanation(Boost(ordinal), "rank features, sum of:", details);
    }
}
