using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Bench.Vectors;

/// <summary>
/// Recall@k against queries/s for our HNSW and for hnswlib (Debian python3-hnswlib, run as a subprocess
/// through bench/hnswlib_compare.py) on the same seeded vectors, the same M / efConstruction, the same ef
/// sweep and the same brute-force ground truth, both single-threaded. Prints both curves and, at recall
/// ≥ the target, the best queries/s of each side and their ratio. Timing alternates between the sides (see
/// <see cref="Rounds"/>).
/// <code>
/// Search.Bench hnsw [--count 100000] [--dimension 128] [--queries 1000] [--data clustered|gaussian]
///                   [--metric euclidean|cosine] [--m 16] [--ef-construction 200] [--ef 10,20,40,80,160,320]
///                   [--seed 42] [--python /usr/bin/python3] [--target-recall 0.99]
/// </code>
/// </summary>
internal static class HnswComparison
{
    private const int K = 10;

    /// <summary>
    /// Each ef is timed this many times per side, the two sides taking turns, and the fastest pass of each side
    /// counts: on a shared machine the fastest pass is the least disturbed, and taking turns exposes both
    /// sides to the same load drift.
    /// </summary>
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var options = Arguments.Parse(args);
        int count = options.Int("count", 100_000);
        int dimension = options.Int("dimension", 128);
        int queryCount = options.Int("queries", 1000);
        int m = options.Int("m", VectorIndexOptions.DefaultMaxConnections);
        int efConstruction = options.Int("ef-construction", VectorIndexOptions.DefaultEfConstruction);
        int[] efs = options.String("ef", "10,20,40,80,160,320").Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        int seed = options.Int("seed", 42);
        string data = options.String("data", "clustered");
        VectorMetric metric = options.String("metric", "euclidean") == "cosine" ? VectorMetric.Cosine : VectorMetric.Euclidean;
        double targetRecall = double.Parse(options.String("target-recall", "0.99"), CultureInfo.InvariantCulture);
        string python = options.String("python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

        Console.WriteLine($"HNSW comparison: {count:N0} x {dimension}-d {data} vectors (seed {seed}), {queryCount} queries, {metric}, M={m}, efConstruction={efConstruction}, k={K}, 1 thread");
        float[] vectors = SyntheticVectors.Generate(count, dimension, seed, data);
        float[] queries = SyntheticVectors.Generate(queryCount, dimension, seed + 1, data);
        if (metric == VectorMetric.Cosine)
        {
            SyntheticVectors.Normalize(vectors, dimension);
            SyntheticVectors.Normalize(queries, dimension);
        }

        var watch = Stopwatch.StartNew();
        int[] truth = GroundTruth(vectors, queries, dimension, metric);
        Console.WriteLine($"brute-force ground truth: {watch.Elapsed.TotalSeconds:F1} s");

        string folder = Directory.CreateTempSubdirectory("hnsw-compare-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "data.f32"), MemoryMarshal.AsBytes(vectors.AsSpan()).ToArray());
            File.WriteAllBytes(Path.Combine(folder, "queries.f32"), MemoryMarshal.AsBytes(queries.AsSpan()).ToArray());
            File.WriteAllBytes(Path.Combine(folder, "truth.i32"), MemoryMarshal.AsBytes(truth.AsSpan()).ToArray());

            VectorIndex index = BuildOurs(vectors, dimension, metric, m, efConstruction, (ulong)seed, out double ourBuild);
            using Process hnswlib = StartHnswlib(python, folder, dimension, m, efConstruction, metric, seed, out double theirBuild);
            var ours = new Point[efs.Length];
            var theirs = new Point[efs.Length];
            for (int round = 0; round < Rounds; round++)
            {
                for (int e = 0; e < efs.Length; e++)
                {
                    ours[e] = Faster(ours[e], MeasureOurs(index, queries, truth, dimension, efs[e]));
                    theirs[e] = Faster(theirs[e], MeasureHnswlib(hnswlib, efs[e]));
                }

                Console.WriteLine($"round {round + 1} of {Rounds} done");
            }

            hnswlib.StandardInput.Close();
            hnswlib.WaitForExit();

            Console.WriteLine();
            Console.WriteLine($"build: ours {ourBuild:F1} s, hnswlib {theirBuild:F1} s (ratio {theirBuild / ourBuild:F2}x hnswlib's speed)");
            Console.WriteLine("|   ef | ours recall@10 | ours q/s | hnswlib recall@10 | hnswlib q/s | q/s ratio |");
            Console.WriteLine("|-----:|---------------:|---------:|------------------:|------------:|----------:|");
            for (int i = 0; i < efs.Length; i++)
            {
                Console.WriteLine($"| {efs[i],4} | {ours[i].Recall,14:F4} | {ours[i].Qps,8:F0} | {theirs[i].Recall,17:F4} | {theirs[i].Qps,11:F0} | {ours[i].Qps / theirs[i].Qps,9:F2} |");
            }

            Point? ourBest = BestAt(ours, targetRecall);
            Point? theirBest = BestAt(theirs, targetRecall);
            Console.WriteLine();
            Console.WriteLine(ourBest is { } o && theirBest is { } t
                ? $"at recall@10 >= {targetRecall}: ours {o.Qps:F0} q/s (ef {o.Ef}), hnswlib {t.Qps:F0} q/s (ef {t.Ef}), ratio {o.Qps / t.Qps:F2}"
                : $"at recall@10 >= {targetRecall}: not reached by {(ourBest is null ? "ours" : "")} {(theirBest is null ? "hnswlib" : "")} within the ef sweep");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static VectorIndex BuildOurs(float[] vectors, int dimension, VectorMetric metric, int m, int efConstruction, ulong seed, out double buildSeconds)
    {
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions
        {
            Dimension = dimension,
            Metric = metric,
            MaxConnections = m,
            EfConstruction = efConstruction,
            Seed = seed,
        });
        var watch = Stopwatch.StartNew();
        int count = vectors.Length / dimension;
        for (int i = 0; i < count; i++)
        {
            index.Add(i, i.ToString(CultureInfo.InvariantCulture), vectors.AsSpan(i * dimension, dimension));
        }

        buildSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"ours: built in {buildSeconds:F1} s");
        return index;
    }

    /// <summary>One timed pass of all queries at <paramref name="ef"/>, single-threaded, and its recall.</summary>
    private static Point MeasureOurs(VectorIndex index, float[] queries, int[] truth, int dimension, int ef)
    {
        int queryCount = queries.Length / dimension;
        var results = new VectorHit[queryCount][];
        var watch = Stopwatch.StartNew();
        for (int q = 0; q < queryCount; q++)
        {
            results[q] = index.Search(queries.AsSpan(q * dimension, dimension), K, null, ef);
        }

        double seconds = watch.Elapsed.TotalSeconds;
        int found = 0;
        for (int q = 0; q < queryCount; q++)
        {
            ReadOnlySpan<int> expected = truth.AsSpan(q * K, K);
            foreach (VectorHit hit in results[q])
            {
                found += expected.Contains(hit.DocumentOrdinal) ? 1 : 0;
            }
        }

        return new Point(ef, (double)found / (queryCount * K), queryCount / seconds);
    }

    private static Process StartHnswlib(string python, string folder, int dimension, int m, int efConstruction, VectorMetric metric, int seed, out double buildSeconds)
    {
        string script = FindScript();
        var startInfo = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in new[] { script, folder, dimension.ToString(CultureInfo.InvariantCulture), m.ToString(CultureInfo.InvariantCulture), efConstruction.ToString(CultureInfo.InvariantCulture), metric == VectorMetric.Cosine ? "cosine" : "l2", seed.ToString(CultureInfo.InvariantCulture), K.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Cannot start {python}.");
        using JsonDocument json = ReadJson(process, python, script);
        buildSeconds = json.RootElement.GetProperty("build_seconds").GetDouble();
        Console.WriteLine($"hnswlib: built in {buildSeconds:F1} s");
        return process;
    }

    private static Point MeasureHnswlib(Process hnswlib, int ef)
    {
        hnswlib.StandardInput.WriteLine(ef.ToString(CultureInfo.InvariantCulture));
        hnswlib.StandardInput.Flush();
        using JsonDocument json = ReadJson(hnswlib, "python", "hnswlib_compare.py");
        JsonElement root = json.RootElement;
        return new Point(root.GetProperty("ef").GetInt32(), root.GetProperty("recall").GetDouble(), root.GetProperty("qps").GetDouble());
    }

    private static JsonDocument ReadJson(Process process, string python, string script) =>
        process.StandardOutput.ReadLine() is { } line
            ? JsonDocument.Parse(line)
            : throw new InvalidOperationException($"{python} {script} stopped early; it needs python3-hnswlib and python3-numpy (apt-get install python3-hnswlib python3-numpy).");

    private static Point Faster(Point best, Point measured) => measured.Qps > best.Qps ? measured : best;

    private static Point? BestAt(Point[] points, double recall)
    {
        Point? best = null;
        foreach (Point point in points)
        {
            if (point.Recall >= recall && (best is null || point.Qps > best.Value.Qps))
            {
                best = point;
            }
        }

        return best;
    }

    /// <summary>Exact k nearest per query (both cores), ranked by the metric on the same float vectors both sides index.</summary>
    private static int[] GroundTruth(float[] vectors, float[] queries, int dimension, VectorMetric metric)
    {
        int count = vectors.Length / dimension;
        int queryCount = queries.Length / dimension;
        var truth = new int[queryCount * K];
        Parallel.For(0, queryCount, q =>
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * dimension, dimension);
            var best = new PriorityQueue<int, float>();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> vector = vectors.AsSpan(i * dimension, dimension);
                float distance = metric == VectorMetric.Cosine ? -TensorPrimitives.Dot(query, vector) : TensorPrimitives.Distance(query, vector);
                if (best.Count < K)
                {
                    best.Enqueue(i, -distance);
                }
                else if (distance < -PeekPriority(best))
                {
                    best.DequeueEnqueue(i, -distance);
                }
            }

            for (int r = K - 1; r >= 0; r--)
            {
                truth[q * K + r] = best.Dequeue();
            }
        });
        return truth;
    }

    private static float PeekPriority(PriorityQueue<int, float> queue) => queue.TryPeek(out _, out float priority) ? priority : float.NegativeInfinity;

    /// <summary>bench/hnswlib_compare.py above the benchmark binary or, for a copied binary, above the working directory.</summary>
    private static string FindScript()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, "bench", "hnswlib_compare.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("bench/hnswlib_compare.py not found above the benchmark's folder nor above the working directory.");
    }

    private readonly record struct Point(int Ef, double Recall, double Qps);
}
