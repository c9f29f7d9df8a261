using BenchmarkDotNet.Attributes;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Bench.Vectors;

/// <summary>
/// One k=10 search on 20,000 clustered 128-d vectors (seed 42): HNSW at the default ef, a search filtered to
/// half the documents (the cost model picks exact search over the allowed half at this size), and exact
/// brute force. Setup checks HNSW recall@10 against exact search
/// (must be at least 0.95) so a faster but wrong search fails. The only allocation per search is the result
/// array: the memory column should read about 280 B (10 hits) for every method.
/// </summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private const int Count = 20_000;
    private const int Dimension = 128;
    private const int QueryCount = 64;

    private VectorIndex _index = null!;
    private OrdinalSet _half = null!;
    private float[] _queries = [];
    private int _next;

    [Params(VectorMetric.Cosine, VectorMetric.Euclidean)]
    public VectorMetric Metric { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        float[] vectors = SyntheticVectors.Generate(Count, Dimension, seed: 42, "clustered");
        _queries = SyntheticVectors.Generate(QueryCount, Dimension, seed: 43, "clustered");
        _index = VectorIndex.Create(new VectorIndexOptions { Dimension = Dimension, Metric = Metric });
        _half = new OrdinalSet(Count);
        for (int i = 0; i < Count; i++)
        {
            _index.Add(i, "doc-" + i, vectors.AsSpan(i * Dimension, Dimension));
            if (i % 2 == 0)
            {
                _half.Add(i);
            }
        }

        int found = 0;
        for (int q = 0; q < QueryCount; q++)
        {
            ReadOnlySpan<float> query = _queries.AsSpan(q * Dimension, Dimension);
            var exact = _index.SearchExact(query, 10).Select(h => h.DocumentOrdinal).ToHashSet();
            found += _index.Search(query, 10).Count(h => exact.Contains(h.DocumentOrdinal));
        }

        double recall = found / (10.0 * QueryCount);
        if (recall < 0.95)
        {
            throw new InvalidOperationException($"HNSW recall@10 is {recall:F3} on the benchmark data; expected at least 0.95.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Hnsw() => _index.Search(NextQuery(), 10).Length;

    [Benchmark]
    public int FilteredHalf() => _index.Search(NextQuery(), 10, _half).Length;

    [Benchmark]
    public int Exact() => _index.SearchExact(NextQuery(), 10).Length;

    private ReadOnlySpan<float> NextQuery()
    {
        int q = _next++ % QueryCount;
        return _queries.AsSpan(q * Dimension, Dimension);
    }
}
