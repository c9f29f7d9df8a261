using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Collection;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Evaluation;

/// <summary>Mean effectiveness over the judged queries.</summary>
internal sealed record RelevanceFigures(int Queries, double NdcgAt10, double RecallAt100, double RecallAt1000);

/// <summary>How a BEIR document's title and text are indexed.</summary>
internal enum BeirLayout
{
    /// <summary>One field "contents" = title, newline, text (Anserini's BEIR "flat" index; the reference figures).</summary>
    Contents,

    /// <summary>Two text fields "title" and "text", each with its own length statistics; scores add up.</summary>
    TitleAndText,
}

/// <summary>
/// BEIR-style BM25 evaluation: by default title and text are indexed as ONE field (see
/// <see cref="BeirLayout.Contents"/>), every query is free text (bag of words, OR), top 1000 per
/// query, trec_eval tie-breaking. Documents go to shards by a stable hash of their id; shards
/// score with summed (global) statistics.
/// </summary>
internal static class SciFactEvaluation
{
    public const string ContentsField = "contents";

    public const int Depth = 1000;

    public static IndexSchema Schema(IAnalyzer analyzer, BeirLayout layout = BeirLayout.Contents) =>
        layout == BeirLayout.Contents
            ? new([FieldDefinition.Text(ContentsField, analyzer, stored: false)])
            : new([FieldDefinition.Text("title", analyzer, stored: false), FieldDefinition.Text("text", analyzer, stored: false)]);

    public static SearchDocument ToDocument(BeirDocument document, BeirLayout layout = BeirLayout.Contents) =>
        layout == BeirLayout.Contents
            ? new SearchDocument(document.Id).Text(ContentsField, document.Title + "\n" + document.Text)
            : new SearchDocument(document.Id).Text("title", document.Title).Text("text", document.Text);

    /// <summary>Stable shard of a document id (FNV-1a over UTF-16 code units).</summary>
    public static int ShardOf(string id, int shardCount)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shardCount);
    }

    public static ShardIndex[] BuildShards(BeirDataset dataset, IAnalyzer analyzer, int shardCount, SearchOptions? options = null, BeirLayout layout = BeirLayout.Contents)
    {
        var schema = Schema(analyzer, layout);
        var shards = new ShardIndex[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            shards[i] = new ShardIndex(schema, options);
        }

        foreach (var document in dataset.Corpus)
        {
            shards[ShardOf(document.Id, shardCount)].Add(ToDocument(document, layout));
        }

        return shards;
    }

    /// <summary>The merged top <paramref name="depth"/> of one query over the shards, with global statistics.</summary>
    public static SearchResult Search(ShardIndex[] shards, string query, int depth = Depth)
    {
        var request = new SearchRequest { Query = query, Syntax = QuerySyntax.Plain, Limit = depth };
        if (shards.Length == 1)
        {
            return shards[0].Search(request);
        }

        var statistics = new Bm25Statistics();
        foreach (var shard in shards)
        {
            statistics.Add(shard.CollectStatistics(request));
        }

        var results = new SearchResult[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            results[i] = shards[i].Search(request, statistics);
        }

        return SearchResultMerger.Merge(results, request);
    }

    public static RelevanceFigures Evaluate(BeirDataset dataset, ShardIndex[] shards)
    {
        double ndcg = 0, recall100 = 0, recall1000 = 0;
        foreach (var query in dataset.Queries)
        {
            var result = Search(shards, query.Text);
            var run = new List<(string Id, double Score)>(result.Hits.Count);
            foreach (var hit in result.Hits)
            {
                run.Add((hit.Id, hit.Score));
            }

            var ordered = TrecMetrics.TrecOrder(run);
            var grades = dataset.Judgments[query.Id];
            ndcg += TrecMetrics.Ndcg(ordered, grades, 10);
            recall100 += TrecMetrics.Recall(ordered, grades, 100);
            recall1000 += TrecMetrics.Recall(ordered, grades, 1000);
        }

        var n = dataset.Queries.Count;
        return new RelevanceFigures(n, ndcg / n, recall100 / n, recall1000 / n);
    }
}
