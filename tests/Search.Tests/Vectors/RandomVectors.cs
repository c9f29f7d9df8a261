using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>Seeded Gaussian vectors and an independent brute-force ground truth for recall tests.</summary>
internal static class RandomVectors
{
    public static float[][] Gaussian(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new float[dimension];
            for (int d = 0; d < dimension; d++)
            {
                // Box–Muller: Gaussian components make the data isotropic, the hard case for graph search.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                vectors[i][d] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        return vectors;
    }

    /// <summary>Indexes of the k nearest vectors by the metric's own definition, computed naively in double.</summary>
    public static int[] BruteForce(float[][] data, float[] query, int k, VectorMetric metric, Func<int, bool>? allowed = null)
    {
        var scored = new List<(double Score, int Index)>();
        for (int i = 0; i < data.Length; i++)
        {
            if (allowed is null || allowed(i))
            {
                scored.Add((Score(data[i], query, metric), i));
            }
        }

        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        return scored.Take(k).Select(s => s.Index).ToArray();
    }

    public static double Score(float[] a, float[] b, VectorMetric metric)
    {
        double dot = 0, na = 0, nb = 0, l2 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
            l2 += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        }

        return metric switch
        {
            VectorMetric.Cosine => dot / Math.Sqrt(na * nb),
            VectorMetric.DotProduct => dot,
            _ => -Math.Sqrt(l2),
        };
    }

    public static VectorIndex Build(float[][] data, VectorIndexOptions options)
    {
        VectorIndex index = VectorIndex.Create(options);
        for (int i = 0; i < data.Length; i++)
        {
            index.Add(i, "doc-" + i, data[i]);
        }

        return index;
    }
}
