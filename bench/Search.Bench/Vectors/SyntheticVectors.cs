using System.Numerics.Tensors;

namespace OrleansSearch.Search.Bench.Vectors;

/// <summary>Seeded synthetic vector sets for the vector benchmarks, flattened row-major.</summary>
internal static class SyntheticVectors
{
    /// <summary>
    /// "gaussian": i.i.d. N(0, 1) components, the hardest case (no structure to exploit). "clustered": a mixture
    /// of 1,000 Gaussian clusters with centres in N(0, 1) and spread 0.35, closer to real embeddings.
    /// </summary>
    public static float[] Generate(int count, int dimension, int seed, string kind)
    {
        var random = new Random(seed);
        var centres = new float[1000 * dimension];
        var centreRandom = new Random(12345);
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = Gaussian(centreRandom);
        }

        var vectors = new float[count * dimension];
        for (int i = 0; i < count; i++)
        {
            int centre = random.Next(1000);
            for (int d = 0; d < dimension; d++)
            {
                vectors[i * dimension + d] = kind == "gaussian"
                    ? Gaussian(random)
                    : centres[centre * dimension + d] + 0.35f * Gaussian(random);
            }
        }

        return vectors;
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    public static void Normalize(float[] vectors, int dimension)
    {
        for (int i = 0; i < vectors.Length; i += dimension)
        {
            Span<float> vector = vectors.AsSpan(i, dimension);
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        }
    }
}
