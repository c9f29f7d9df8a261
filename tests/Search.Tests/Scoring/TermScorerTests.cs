using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Scoring;

/// <summary>The block-max and term-max bounds of a term scorer never fall below a score it returns.</summary>
public sealed class TermScorerTests
{
    private const int Seed = 777;

    [Fact]
    public void Block_and_term_bounds_cover_every_score()
    {
        var shard = RandomCorpus.Index(RandomCorpus.Documents(Seed, 2500));
        var body = shard.TextFieldOf(RandomCorpus.Schema.GetField("body"));
        var norms = new Bm25LengthNorms(new Bm25Parameters(), new FieldStatistics(body.DocumentCount, body.SumLength));
        var checkedLists = 0;
        foreach (var (term, postings) in body.Terms)
        {
            if (postings.Count < 300)
            {
                continue;
            }

            checkedLists++;
            var weight = new Bm25Weight(norms, 1.5, Bm25Weight.ComputeIdf(postings.Count, body.DocumentCount), "body", term);
            var scorer = new TermScorer(postings, shard.Documents, body, weight);
            var bounds = new TermScorer(postings, shard.Documents, body, weight);
            for (var doc = scorer.NextDoc(); doc != LeafScorer.NoMoreDocs; doc = scorer.NextDoc())
            {
                var score = scorer.Score();
                Assert.True(score <= scorer.MaxScore, $"{term}: {score} above the term bound {scorer.MaxScore}");
                Assert.True(score <= bounds.BlockMaxScore(doc, out var blockEnd), $"{term}: {score} at {doc} above its block bound");
                Assert.True(blockEnd >= doc, $"{term}: the block bound for {doc} ends at {blockEnd}");
            }

            Assert.Equal(0d, bounds.BlockMaxScore(int.MaxValue - 1));
        }

        Assert.True(checkedLists > 5, $"only {checkedLists} posting lists span several blocks");
    }
}
