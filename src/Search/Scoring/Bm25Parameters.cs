namespace OrleansSearch.Search.Scoring;

/// <summary>
/// The free parameters of Okapi BM25 (Robertson and Zaragoza, "The Probabilistic Relevance
/// Framework: BM25 and Beyond", 2009). The defaults k1 = 0.9, b = 0.4 are Anserini's tuned
/// values for BEIR, which Lucene's published SciFact figure uses.
/// </summary>
public sealed record Bm25Parameters
{
    /// <summary>Default term-frequency saturation.</summary>
    public const double DefaultK1 = 0.9;

    /// <summary>Default length normalization.</summary>
    public const double DefaultB = 0.4;

    /// <summary>Largest accepted k1: beyond it BM25 degenerates to raw tf and nobody means that.</summary>
    public const double MaxK1 = 1000;

    /// <summary>Creates parameters, checking their ranges.</summary>
    public Bm25Parameters(double k1 = DefaultK1, double b = DefaultB)
    {
        if (!double.IsFinite(k1) || k1 < 0 || k1 > MaxK1)
        {
            throw new ArgumentOutOfRangeException(nameof(k1), k1, $"BM25 k1 is {k1}; it must be a finite number in [0, {MaxK1}].");
        }

        if (!double.IsFinite(b) || b < 0 || b > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, $"BM25 b is {b}; it must be in [0, 1].");
        }

        K1 = k1;
        B = b;
    }

    /// <summary>Term-frequency saturation: how quickly repeated occurrences stop adding score.</summary>
    public double K1 { get; }

    /// <summary>Length normalization: 0 ignores field length, 1 normalizes fully by length / average length.</summary>
    public double B { get; }
}
