using BenchmarkDotNet.Attributes;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;

namespace OrleansSearch.Search.Bench.Query;

/// <summary>
/// Query latency on SciFact, one compacted shard, English analyzer, BM25 (0.9, 0.4): the 300 test
/// queries as free text (OR), reported per query. Setup runs every query exhaustively once; each
/// benchmark run checks that the pruned top-k returned the same number of hits with the same
/// first ids, so a faster searcher that returns something else fails.
/// </summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private const int QueryCount = 300;

    private ShardIndex shard = null!;
    private SearchRequest[] requests = [];
    private string[] expectedFirstIds = [];
    private long expectedHits;

    /// <summary>Hits per query (top-k).</summary>
    [Params(10, 1000)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dataset = BeirDataset.Load(Path.GetDirectoryName(SharedData.PathOf("scifact/corpus.jsonl.gz"))!);
        shard = SciFactEvaluation.BuildShards(dataset, Analyzers.English, 1)[0];
        shard.Compact();
        requests = dataset.Queries.ConvertAll(q => new SearchRequest { Query = q.Text, Syntax = QuerySyntax.Plain, Limit = Depth }).ToArray();
        if (requests.Length != QueryCount)
        {
            throw new InvalidDataException($"SciFact has {requests.Length} test queries; expected {QueryCount}.");
        }

        expectedFirstIds = new string[requests.Length];
        expectedHits = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            var exhaustive = shard.Search(requests[i] with { TotalHitsThreshold = int.MaxValue });
            expectedHits += exhaustive.Hits.Count;
            expectedFirstIds[i] = exhaustive.Hits.Count > 0 ? exhaustive.Hits[0].Id : string.Empty;
        }

        RunQueries();
    }

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public long RunQueries()
    {
        long hits = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            var result = shard.Search(requests[i]);
            hits += result.Hits.Count;
            if ((result.Hits.Count > 0 ? result.Hits[0].Id : string.Empty) != expectedFirstIds[i])
            {
                throw new InvalidOperationException($"Query {i} returned {result.Hits[0].Id} first; exhaustive search returns {expectedFirstIds[i]}.");
            }
        }

        return hits == expectedHits
            ? hits
            : throw new InvalidOperationException($"The queries returned {hits} hits at depth {Depth}; exhaustive search returns {expectedHits}.");
    }
}
