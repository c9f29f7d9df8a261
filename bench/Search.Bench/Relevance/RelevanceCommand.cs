using System.Diagnostics;
using System.Globalization;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Bench.Relevance;

/// <summary>
/// `Search.Bench relevance [--k1 0.9] [--b 0.4] [--shards 1,4,16,64] [--layout contents|title-text]`:
/// BM25 on BEIR SciFact's 300 test queries, nDCG@10 / R@100 / R@1000 with trec_eval tie-breaking,
/// for each shard count with global statistics, plus indexing time, memory and query latency.
/// Fails (exit 1) when a sharded ranking differs from the single-shard one.
/// </summary>
internal static class RelevanceCommand
{
    public static int Run(string[] args)
    {
        var k1 = Bm25Parameters.DefaultK1;
        var b = Bm25Parameters.DefaultB;
        int[] shardCounts = [1, 4, 16, 64];
        var layout = BeirLayout.Contents;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--k1":
                    k1 = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--b":
                    b = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--shards":
                    shardCounts = Array.ConvertAll(args[i + 1].Split(','), s => int.Parse(s, CultureInfo.InvariantCulture));
                    break;
                case "--layout":
                    layout = args[i + 1] == "title-text" ? BeirLayout.TitleAndText : BeirLayout.Contents;
                    break;
                default:
                    Console.Error.WriteLine($"relevance: unknown option {args[i]}");
                    return 2;
            }
        }

        var options = new SearchOptions { Bm25 = new Bm25Parameters(k1, b) };
        var dataset = BeirDataset.Load(Path.GetDirectoryName(SharedData.PathOf("scifact/corpus.jsonl.gz"))!);
        Console.WriteLine($"SciFact: {dataset.Corpus.Count} documents, {dataset.Queries.Count} test queries; English analyzer, k1 = {k1}, b = {b}, layout {layout}");

        // Warm up the JIT so the timings below measure steady-state code.
        SciFactEvaluation.Evaluate(dataset, SciFactEvaluation.BuildShards(dataset, Analyzers.English, 1, options, layout));

        ShardIndex[]? reference = null;
        var exit = 0;
        foreach (var shardCount in shardCounts)
        {
            var stopwatch = Stopwatch.StartNew();
            var shards = SciFactEvaluation.BuildShards(dataset, Analyzers.English, shardCount, options, layout);
            var indexMs = stopwatch.Elapsed.TotalMilliseconds;
            var figures = SciFactEvaluation.Evaluate(dataset, shards);
            long memory = 0, packed = 0;
            foreach (var shard in shards)
            {
                memory += shard.MemoryUsage().Total;
                shard.Compact();
                packed += shard.MemoryUsage().Total;
            }

            Console.WriteLine(
                $"shards {shardCount,2}: nDCG@10 {figures.NdcgAt10:F4}  R@100 {figures.RecallAt100:F4}  R@1000 {figures.RecallAt1000:F4}  " +
                $"index {indexMs:F0} ms  memory {memory / 1024.0 / 1024.0:F1} MiB as indexed, {packed / 1024.0 / 1024.0:F1} MiB compacted ({packed / shardCount / 1024.0:F0} KiB/shard)");
            if (reference is null)
            {
                reference = shards;
                ReportLatency(dataset, shards);
            }
            else if (!SameRanking(dataset, reference, shards))
            {
                Console.WriteLine($"shards {shardCount}: ranking differs from 1 shard");
                exit = 1;
            }
        }

        return exit;
    }

    private static void ReportLatency(BeirDataset dataset, ShardIndex[] shards)
    {
        foreach (var depth in new[] { 10, 1000 })
        {
            var latencies = new List<double>(dataset.Queries.Count * 5);
            for (var round = 0; round < 5; round++)
            {
                foreach (var query in dataset.Queries)
                {
                    var start = Stopwatch.GetTimestamp();
                    SciFactEvaluation.Search(shards, query.Text, depth);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }

            latencies.Sort();
            Console.WriteLine(
                $"  latency top-{depth}, 1 shard: mean {latencies.Average():F0} µs, p50 {latencies[latencies.Count / 2]:F0} µs, p99 {latencies[(int)(latencies.Count * 0.99)]:F0} µs");
        }
    }

    private static bool SameRanking(BeirDataset dataset, ShardIndex[] expected, ShardIndex[] actual)
    {
        foreach (var query in dataset.Queries)
        {
            var a = SciFactEvaluation.Search(expected, query.Text).Hits;
            var b = SciFactEvaluation.Search(actual, query.Text).Hits;
            if (a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (a[i].Id != b[i].Id || BitConverter.DoubleToInt64Bits(a[i].Score) != BitConverter.DoubleToInt64Bits(b[i].Score))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
