namespace OrleansSearch.Search.Vectors;

/// <summary>
/// A distance between two vectors where smaller means closer. Implemented by <c>readonly struct</c>s and
/// passed as a generic type parameter (<c>where TDistance : struct, IVectorDistance</c>) so the JIT emits one
/// specialised copy of every search loop per metric, with the distance call inlined instead of dispatched.
/// </summary>
internal interface IVectorDistance
{
    /// <summary>The metric this distance implements, as written to snapshots.</summary>
    static abstract VectorMetric Metric { get; }

    /// <summary>Whether vectors must be L2-normalised before they are stored or compared.</summary>
    static abstract bool RequiresUnitVectors { get; }

    /// <summary>Distance between <paramref name="a"/> and <paramref name="b"/> (equal lengths); smaller is closer.</summary>
    static abstract float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b);

    /// <summary>Turns a distance into the score reported to callers, where higher is closer.</summary>
    static abstract float ToScore(float distance);
}
