using System.Globalization;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Scoring;

/// <summary>
/// BM25 for one query term (or phrase) in one field, fixed once per query:
/// score(tf, dl) = boost · idf · tf / (tf + k1 · (1 − b + b · dl / avgdl)), with
/// idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (Lucene's always-positive variant).
/// Lucene 8 dropped the constant (k1 + 1) factor of the textbook formula; so do we: it does not change any ranking.
/// </summary>
/// <remarks>
/// The length part k1 · (1 − b + b · dl / avgdl) is precomputed for lengths 0..255 (the 256-entry
/// norm cache); longer fields use the same expression, so a value never depends on which path
/// computed it. Lengths are exact token counts, not Lucene's 1-byte approximations: statistics
/// summed over shards then describe exactly the lengths the scorer sees. Scores are doubles and
/// every operation happens in a fixed order, so equal inputs give bit-identical scores on any shard.
/// </remarks>
internal sealed class Bm25Weight
{
    private const int CacheSize = 256;

    private readonly double[] _lengthNorms = new double[CacheSize];
    private readonly double _k1;
    private readonly double _b;
    private readonly double _averageLength;

    public Bm25Weight(Bm25Parameters parameters, double boost, double idf, FieldStatistics field, string description)
    {
        _k1 = parameters.K1;
        _b = parameters.B;
        Boost = boost;
        Idf = idf;
        Weight = boost * idf;
        Field = field;
        Description = description;
        _averageLength = field.DocumentCount > 0 ? (double)field.SumLength / field.DocumentCount : 1d;
        for (var length = 0; length < CacheSize; length++)
        {
            _lengthNorms[length] = ComputeLengthNorm(length);
        }
    }

    public double Boost { get; }

    public double Idf { get; }

    /// <summary>boost · idf: the limit of the score as tf grows, so an upper bound of every score.</summary>
    public double Weight { get; }

    public FieldStatistics Field { get; }

    public string Description { get; }

    /// <summary>ln(1 + (N − df + 0.5) / (df + 0.5)).</summary>
    public static double ComputeIdf(long documentFrequency, long documentCount) =>
        Math.Log(1d + ((documentCount - documentFrequency + 0.5d) / (documentFrequency + 0.5d)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int frequency, int length)
    {
        var norm = (uint)length < CacheSize ? _lengthNorms[length] : ComputeLengthNorm(length);
        return Weight * (frequency / (frequency + norm));
    }

    public Explanation Explain(int frequency, int length, string frequencyName)
    {
        var norm = (uint)length < CacheSize ? _lengthNorms[length] : ComputeLengthNorm(length);
        var tfPart = frequency / (frequency + norm);
        var c = CultureInfo.InvariantCulture;
        return new Explanation(
            Score(frequency, length),
            $"score({Description}), computed as boost * idf * tf",
            [
                new Explanation(Boost, "boost"),
                new Explanation(Idf, $"idf, computed as ln(1 + (N - df + 0.5) / (df + 0.5)) with N = {Field.DocumentCount.ToString(c)}"),
                new Explanation(
                    tfPart,
                    "tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl))",
                    [
                        new Explanation(frequency, frequencyName),
                        new Explanation(_k1, "k1, term saturation parameter"),
                        new Explanation(_b, "b, length normalization parameter"),
                        new Explanation(length, "dl, length of field"),
                        new Explanation(_averageLength, "avgdl, average length of field"),
                    ]),
            ]);
    }

    private double ComputeLengthNorm(int length) => _k1 * (1d - _b + (_b * length / _averageLength));
}
