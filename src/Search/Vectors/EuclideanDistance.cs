using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>Euclidean (L2) distance; the reported score is its negation so that higher is closer for every metric.</summary>
internal readonly struct EuclideanDistance : IVectorDistance
{
    public static VectorMetric Metric => VectorMetric.Euclidean;

    public static bool RequiresUnitVectors => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Distance(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToScore(float distance) => -distance;
}
