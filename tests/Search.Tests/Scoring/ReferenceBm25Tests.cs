using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Scoring;

/// <summary>
/// The engine's scores for bag-of-words queries equal BM25 computed naively from the raw texts
/// (no postings, no pruning): Σ idf · tf / (tf + k1 (1 − b + b dl / avgdl)).
/// </summary>
public sealed class ReferenceBm25Tests
{
    private const int Seed = 7_331;

    [Fact]
    public void Scores_and_ranking_equal_a_naive_bm25_over_the_raw_texts()
    {
        var schema = new IndexSchema([FieldDefinition.Text("body", LetterDigitAnalyzer.Instance)]);
        var random = new Random(Seed);
        var texts = new List<(string Id, List<string> Terms)>();
        var shard = new OrleansSearch.Search.Indexing.ShardIndex(schema);
        for (var i = 0; i < 500; i++)
        {
            var text = RandomCorpus.Text(random, 1, 80, 200);
            var id = $"d{i:D4}";
            shard.Add(new SearchDocument(id).Text("body", text));
            var tokens = new List<Token>();
            LetterDigitAnalyzer.Instance.Analyze(text, tokens);
            texts.Add((id, tokens.ConvertAll(t => t.Term)));
        }

        var averageLength = texts.Average(t => t.Terms.Count);
        var documentFrequency = texts.SelectMany(t => t.Terms.Distinct()).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        for (var q = 0; q < 50; q++)
        {
            var queryTerms = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomCorpus.Word(random, 200)).Distinct().ToList();
            var expected = texts
                .Select(t => (t.Id, Score: queryTerms.Sum(term => NaiveScore(term, t.Terms, texts.Count, documentFrequency, averageLength)), Matches: t.Terms.Intersect(queryTerms).Any()))
                .Where(t => t.Matches)
                .OrderByDescending(t => t.Score).ThenBy(t => t.Id, StringComparer.Ordinal)
                .Take(10)
                .ToList();
            var actual = shard.Search(new SearchRequest { Query = string.Join(' ', queryTerms), Limit = 10 });
            Assert.Equal(expected.Count, actual.Hits.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Id, actual.Hits[i].Id);
                Assert.Equal(expected[i].Score, actual.Hits[i].Score, 1e-9);
            }
        }
    }

    private static double NaiveScore(string term, List<string> document, int documentCount, Dictionary<string, int> documentFrequency, double averageLength)
    {
        const double k1 = 0.9, b = 0.4;
        var tf = document.Count(t => t == term);
        if (tf == 0)
        {
            return 0;
        }

        var df = documentFrequency[term];
        var idf = Math.Log(1 + ((documentCount - df + 0.5) / (df + 0.5)));
        return idf * tf / (tf + (k1 * (1 - b + (b * document.Count / averageLength))));
    }
}
