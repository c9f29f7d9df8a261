using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Cosine distance, 1 − cos(a, b). Vectors are normalised once when they enter the index, so the distance
/// is a single dot product rather than a dot product and two norms per comparison.
/// </summary>
internal readonly struct CosineDistance : IVectorDistance
{
    public static VectorMetric Metric => VectorMetric.Cosine;

    public static bool RequiresUnitVectors => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => 1f - TensorPrimitives.Dot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToScore(float distance) => 1f - distance;
}
