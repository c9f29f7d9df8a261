using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Postings;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// Turns a query plan into scorers over one shard (weights from the statistics provider, one
/// length-norm cache per field) and a <see cref="MaxScoreSearcher"/>, and explains hits by
/// replaying the same scorers.
/// </summary>
internal static class QueryExecution
{
    /// <summary>A searcher over fresh scorers for <paramref name="plan"/>, or null when nothing can match.</summary>
    public static MaxScoreSearcher? CreateSearcher(ShardIndex index, QueryPlan plan, IBm25StatisticsProvider statistics, out LeafScorer[] scorers)
    {
        scorers = new LeafScorer[plan.Leaves.Count];
        var norms = new Dictionary<string, Bm25LengthNorms>(StringComparer.Ordinal);
        for (var i = 0; i < scorers.Length; i++)
        {
            scorers[i] = CreateScorer(index, plan.Leaves[i], statistics, norms);
        }

        if (plan.MatchesNothing)
        {
            return null;
        }

        var groups = new RequiredGroup[plan.MustGroups.Count];
        for (var g = 0; g < groups.Length; g++)
        {
            var indices = plan.MustGroups[g];
            var members = new LeafScorer[indices.Length];
            for (var m = 0; m < indices.Length; m++)
            {
                members[m] = scorers[indices[m]];
            }

            groups[g] = new RequiredGroup(members, indices);
        }

        return new MaxScoreSearcher(scorers, groups, [.. plan.Should], [.. plan.MustNot], RankFeatureBoost.For(index));
    }

    private static LeafScorer CreateScorer(ShardIndex index, QueryLeaf leaf, IBm25StatisticsProvider statistics, Dictionary<string, Bm25LengthNorms> norms)
    {
        switch (leaf)
        {
            case TermLeaf term:
            {
                var field = index.TextFieldOf(term.Field);
                if (!field.TryGetPostings(term.Term, out var postings))
                {
                    return EmptyScorer.Instance;
                }

                var fieldNorms = NormsOf(index, term.Field, statistics, norms);
                var idf = Bm25Weight.ComputeIdf(statistics.GetDocumentFrequency(term.Field.Name, term.Term), fieldNorms.Field.DocumentCount);
                var weight = new Bm25Weight(fieldNorms, term.Boost, idf, term.Field.Name, term.Term);
                return new TermScorer(postings, index.Documents, field, weight);
            }

            case PhraseLeaf phrase:
            {
                var field = index.TextFieldOf(phrase.Field);
                var lists = new PostingList[phrase.Terms.Length];
                for (var i = 0; i < lists.Length; i++)
                {
                    if (!field.TryGetPostings(phrase.Terms[i], out lists[i]))
                    {
                        return EmptyScorer.Instance;
                    }
                }

                var fieldNorms = NormsOf(index, phrase.Field, statistics, norms);
                var idf = 0d;
                foreach (var t in phrase.Terms)
                {
                    idf += Bm25Weight.ComputeIdf(statistics.GetDocumentFrequency(phrase.Field.Name, t), fieldNorms.Field.DocumentCount);
                }

                var weight = new Bm25Weight(fieldNorms, phrase.Boost, idf, phrase.Field.Name, $"\"{string.Join(' ', phrase.Terms)}\"");
                return new PhraseScorer(lists, phrase.Offsets, index.Documents, field, weight);
            }

            case KeywordLeaf keyword:
            {
                var field = index.KeywordFieldOf(keyword.Field);
                return field.TryGetValueOrdinal(keyword.Value, out var valueOrdinal)
                    ? new KeywordScorer(field.PostingsOf(valueOrdinal), index.Documents, keyword.Boost, $"{keyword.Field.Name}:{keyword.Value}")
                    : EmptyScorer.Instance;
            }

            default:
                throw new InvalidOperationException($"Unknown query leaf {leaf.GetType().Name}.");
        }
    }

    private static Bm25LengthNorms NormsOf(ShardIndex index, FieldDefinition field, IBm25StatisticsProvider statistics, Dictionary<string, Bm25LengthNorms> norms)
    {
        if (!norms.TryGetValue(field.Name, out var fieldNorms))
        {
            fieldNorms = index.TextFieldOf(field).LengthNorms(index.Options.Bm25, statistics.GetFieldStatistics(field.Name));
            norms.Add(field.Name, fieldNorms);
        }

        return fieldNorms;
    }

    public static Explanation?[] ExplainHits(ShardIndex index, QueryPlan plan, IBm25StatisticsProvider statistics, List<(int Ordinal, double Score, SortValue Value)> kept, int offset)
    {
        var count = Math.Max(0, kept.Count - offset);
        var result = new Explanation?[count];
        var byOrdinal = new int[count];
        for (var i = 0; i < count; i++)
        {
            byOrdinal[i] = i;
        }

        // Scorers only move forward: visit the hits in ordinal order.
        Array.Sort(byOrdinal, (a, b) => kept[offset + a].Ordinal.CompareTo(kept[offset + b].Ordinal));
        CreateSearcher(index, plan, statistics, out var scorers);
        var boost = RankFeatureBoost.For(index);
        foreach (var hit in byOrdinal)
        {
            var ordinal = kept[offset + hit].Ordinal;
            var details = new List<Explanation>();
            var sum = 0d;
            for (var leaf = 0; leaf < scorers.Length; leaf++)
            {
                if (plan.MustNot.Contains(leaf))
                {
                    continue;
                }

                var scorer = scorers[leaf];
                if (scorer.Doc < ordinal)
                {
                    scorer.Advance(ordinal);
                }

                if (scorer.Doc == ordinal)
                {
                    var explanation = scorer.Explain();
                    sum += explanation.Value;
                    details.Add(explanation);
                }
            }

            if (boost is not null)
            {
                var features = boost.Explain(ordinal);
                sum += features.Value;
                details.Add(features);
            }

            result[hit] = new Explanation(sum, "sum of:", details);
        }

        return result;
    }
}
