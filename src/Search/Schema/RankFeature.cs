using System.Globalization;

namespace OrleansSearch.Search.Schema;

/// <summary>
/// Makes a number field a query-independent relevance signal (popularity, quality, citations): every document a
/// relevance-ordered search matches gets <c>weight · s / (s + pivot)</c> added to its BM25 score, where <c>s</c> is
/// its value. The boost saturates: it is half of <see cref="Weight"/> at <c>s = pivot</c> and approaches
/// <see cref="Weight"/> as <c>s</c> grows, so a very popular document cannot bury a much better textual match
/// (the saturation function of Elasticsearch's <c>rank_feature</c>; Craswell et al., "Relevance weighting for
/// query independent evidence", SIGIR 2005). Documents without a value get no boost; the boost never makes a
/// document match.
/// </summary>
public sealed record RankFeature
{
    public RankFeature(double weight, double pivot)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"Rank feature weight is {weight.ToString(CultureInfo.InvariantCulture)}; it must be a finite number ≥ 0.");
        }

        if (!double.IsFinite(pivot) || pivot <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pivot), pivot, $"Rank feature pivot is {pivot.ToString(CultureInfo.InvariantCulture)}; it must be a finite number > 0 (the value at which the boost is half the weight).");
        }

        Weight = weight;
        Pivot = pivot;
    }

    /// <summary>The most the feature can add to a score (approached as the value grows).</summary>
    public double Weight { get; }

    /// <summary>The value at which the boost is half of <see cref="Weight"/>.</summary>
    public double Pivot { get; }

    /// <summary>The boost of a document whose value is <paramref name="value"/> (NaN: none); values are ≥ 0, checked when documents are added.</summary>
    public double Boost(double value) => double.IsNaN(value) ? 0d : Weight * value / (value + Pivot);
}
