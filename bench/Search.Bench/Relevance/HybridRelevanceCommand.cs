using System.Diagnostics;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Embeddings;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Hybrid;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Bench.Relevance;

/// <summary>
/// `Search.Bench hybrid`: SciFact's 300 test queries ranked by BM25 alone, by Universal Sentence
/// Encoder lite embeddings alone (exact cosine over title + text, truncated at the model's 128
/// tokens), and by both fused (reciprocal rank fusion k = 60; min-max score fusion with alpha 0.5),
/// each scored with nDCG@10, R@100 and R@1000 under trec_eval's tie-breaking.
/// </summary>
internal static class HybridRelevanceCommand
{
    private const int Depth = SciFactEvaluation.Depth;

    public static int Run(string[] args)
    {
        var dataset = BeirDataset.Load(Path.GetDirectoryName(SharedData.PathOf("scifact/corpus.jsonl.gz"))!);
        var encoder = UniversalSentenceEncoder.Load();
        var stopwatch = Stopwatch.StartNew();
        var vectors = encoder.Embed(dataset.Corpus.ConvertAll(d => $"{d.Title} {d.Text}"));
        Console.WriteLine($"Embedded {vectors.Length} documents in {stopwatch.Elapsed.TotalSeconds:F1} s (both cores)");
        var index = VectorIndex.Create(new VectorIndexOptions { Dimension = encoder.Dimension, Metric = VectorMetric.Cosine, Kind = VectorIndexKind.Flat });
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Add(i, dataset.Corpus[i].Id, vectors[i]);
        }
        var shards = SciFactEvaluation.BuildShards(dataset, Analyzers.English, 1);

        var runs = new Dictionary<string, List<List<(string Id, double Score)>>>
        {
            ["BM25 (English, k1 0.9, b 0.4)"] = [],
            ["semantic (USE-lite, exact cosine)"] = [],
            ["hybrid: reciprocal rank fusion, k = 60"] = [],
            ["hybrid: min-max score fusion, alpha 0.5"] = [],
        };
        var names = runs.Keys.ToArray();
        foreach (var query in dataset.Queries)
        {
            var lexical = SciFactEvaluation.Search(shards, query.Text, Depth).Hits.Select(h => new RankedHit(h.Id, h.Score)).ToList();
            var semantic = index.Search(encoder.Embed(query.Text), Depth).Select(h => new RankedHit(h.Id, h.Score)).ToList();
            runs[names[0]].Add(lexical.ConvertAll(h => (h.Id, h.Score)));
            runs[names[1]].Add(semantic.ConvertAll(h => (h.Id, h.Score)));
            runs[names[2]].Add(ReciprocalRankFusion.Fuse([lexical, semantic], limit: Depth).Select(h => (h.Id, h.Score)).ToList());
            runs[names[3]].Add(NormalizedScoreFusion.Fuse(lexical, semantic, 0.5, Depth).Select(h => (h.Id, h.Score)).ToList());
        }

        Console.WriteLine("| ranking | nDCG@10 | R@100 | R@1000 |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, perQuery) in runs)
        {
            double ndcg = 0, recall100 = 0, recall1000 = 0;
            int judged = 0;
            for (int q = 0; q < dataset.Queries.Count; q++)
            {
                if (!dataset.Judgments.TryGetValue(dataset.Queries[q].Id, out var grades))
                {
                    continue;
                }
                var ordered = TrecMetrics.TrecOrder(perQuery[q]);
                ndcg += TrecMetrics.Ndcg(ordered, grades, 10);
                recall100 += TrecMetrics.Recall(ordered, grades, 100);
                recall1000 += TrecMetrics.Recall(ordered, grades, 1000);
                judged++;
            }
            Console.WriteLine($"| {name} | {ndcg / judged:F4} | {recall100 / judged:F4} | {recall1000 / judged:F4} |");
        }
        return 0;
    }
}
