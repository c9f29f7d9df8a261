using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Negated inner product, so that "smaller is closer" holds for maximum-inner-product search too. It is not a
/// metric (no triangle inequality); HNSW still works well on it in practice, as hnswlib's "ip" space does.
/// </summary>
internal readonly struct DotProductDistance : IVectorDistance
{
    public static VectorMetric Metric => VectorMetric.DotProduct;

    public static bool RequiresUnitVectors => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => -TensorPrimitives.Dot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToScore(float distance) => -distance;
}
