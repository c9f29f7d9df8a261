using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Scoring;

/// <summary>
/// The BM25 length part k1 · (1 − b + b · dl / avgdl) of one field under one set of statistics,
/// precomputed for lengths 0..255 (the 256-entry norm cache) and computed by the same expression
/// above. Shared by every term of the field in a query, so a long query does not build one cache per term.
/// </summary>
internal sealed class Bm25LengthNorms
{
    private const int CacheSize = 256;

    private readonly double[] _cache = new double[CacheSize];

    public Bm25LengthNorms(Bm25Parameters parameters, FieldStatistics field)
    {
        K1 = parameters.K1;
        B = parameters.B;
        Field = field;
        AverageLength = field.DocumentCount > 0 ? (double)field.SumLength / field.DocumentCount : 1d;
        for (var length = 0; length < CacheSize; length++)
        {
            _cache[length] = Compute(length);
        }
    }

    public double K1 { get; }

    public double B { get; }

    public FieldStatistics Field { get; }

    public double AverageLength { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Of(int length) => (uint)length < CacheSize ? _cache[length] : Compute(length);

    private double Compute(int length) => K1 * (1d - B + (B * length / AverageLength));
}
