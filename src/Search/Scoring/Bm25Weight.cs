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
/// The length part k1 · (1 − b + b · dl / avgdl) comes from a <see cref="Bm25LengthNorms"/>
/// shared by all terms of a field in one query (a 256-entry cache; longer fields use the same
/// expression, so a value never depends on which path computed it). Lengths are exact token counts, not Lucene's 1-byte approximations: statistics
/// summed over shards then describe exactly the lengths the scorer sees. Scores are doubles and
/// every operation happens in a fixed order, so equal inputs give bit-identical scores on any shard.
/// </remarks>
internal sealed class Bm25Weight
{
    private readonly Bm25LengthNorms _norms;

    private readonly string _field;
    private readonly string _text;

    /// <summary>A weight for <paramref name="text"/> (a term or a quoted phrase) in <paramref name="field"/>.</summary>
    public Bm25Weight(Bm25LengthNorms norms, double boost, double idf, string field, string text)
    {
        _norms = norms;
        Boost = boost;
        Idf = idf;
        Weight = boost * idf;
        _field = field;
        _text = text;
    }

    public double Boost { get; }

    public double Idf { get; }

    /// <summary>boost · idf: the limit of the score as tf grows, so an upper bound of every score.</summary>
    public double Weight { get; }

    /// <summary>field:text, for explanations (built only when asked).</summary>
    public string Description => $"{_field}:{_text}";

    /// <summary>ln(1 + (N − df + 0.5) / (df + 0.5)).</summary>
    public static double ComputeIdf(long documentFrequency, long documentCount) =>
        Math.Log(1d + ((documentCount - documentFrequency + 0.5d) / (documentFrequency + 0.5d)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int frequency, int length) => Weight * (frequency / (frequency + _norms.Of(length)));

    public Explanation Explain(int frequency, int length, string frequencyName)
    {
        var norm = _norms.Of(length);
        var tfPart = frequency / (frequency + norm);
        var c = CultureInfo.InvariantCulture;
        return new Explanation(
            Score(frequency, length),
            $"score({Description}), computed as boost * idf * tf",
            [
                new Explanation(Boost, "boost"),
                new Explanation(Idf, $"idf, computed as ln(1 + (N - df + 0.5) / (df + 0.5)) with N = {_norms.Field.DocumentCount.ToString(c)}"),
                new Explanation(
                    tfPart,
                    "tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl))",
                    [
                        new Explanation(frequency, frequencyName),
                        new Explanation(_norms.K1, "k1, term saturation parameter"),
                        new Explanation(_norms.B, "b, length normalization parameter"),
                        new Explanation(length, "dl, length of field"),
                        new Explanation(_norms.AverageLength, "avgdl, average length of field"),
                    ]),
            ]);
    }
}
