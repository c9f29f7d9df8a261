using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// Runs one query plan over one shard, document at a time, and feeds the collector.
/// </summary>
/// <remarks>
/// Optional clauses are evaluated with MaxScore (Turtle and Flood, "Query evaluation: strategies
/// and optimizations", 1995): scorers sorted by their score bound; the cheapest prefix whose
/// summed bounds cannot reach the collector's minimum competitive score is "non-essential", so
/// candidates come only from the essential scorers, and a candidate is dropped as soon as its
/// partial score plus the remaining bounds falls short. Bounds come from the postings' block-max
/// metadata: per term for the essential split; per block to skip every candidate up to the
/// nearest block end when the blocks that may hold it cannot reach the threshold together
/// (block-max MaxScore, Mallia et al., SIGIR 2019), and to check a candidate before any
/// non-essential scorer is advanced. Required clauses drive a leapfrog intersection instead.
///
/// Exactness: pruning only drops documents whose bound is strictly below the threshold (a tie
/// may still win on id), bounds are widened by a relative 1e-9 against rounding, and the final
/// score of every collected document is the sum of its leaf scores in the plan's leaf order,
/// whatever order the leaves were visited in. So the result equals exhaustive evaluation bit for
/// bit, and does not depend on how documents are spread over shards.
///
/// Rank features (<see cref="RankFeatureBoost"/>) add a query-independent boost to every collected
/// document's final score. They never produce candidates, so the loops leave them out and instead
/// compare the leaves' bounds with the collector's minimum competitive score lowered by the boost's
/// bound (<see cref="PruningThreshold"/>): a document pruned that way could not have competed even
/// with the largest boost.
/// </remarks>
internal sealed class MaxScoreSearcher
{
    private const double BoundSlack = 1 + 1e-9;

    private readonly LeafScorer[] _leaves;
    private readonly RequiredGroup[] _required;
    private readonly int[] _should;
    private readonly int[] _excluded;
    private readonly double[] _contributions;
    private readonly RankFeatureBoost? _boost;

    public MaxScoreSearcher(LeafScorer[] leaves, RequiredGroup[] required, int[] should, int[] excluded, RankFeatureBoost? boost = null)
    {
        _leaves = leaves;
        _required = required;
        _should = should;
        _excluded = excluded;
        _contributions = new double[leaves.Length];
        _boost = boost;
    }

    /// <summary>
    /// The score the leaves' summed contributions must reach for a document to compete: the collector's minimum,
    /// less the most the rank features can add (widened like the leaves' bounds, so rounding never prunes a
    /// document that could win).
    /// </summary>
    private double PruningThreshold(double competitive) =>
        _boost is null || competitive == double.NegativeInfinity
            ? competitive
            : competitive - (_boost.MaxBoost * BoundSlack) - (Math.Abs(competitive) * (BoundSlack - 1));

    /// <summary>Matches counted; exact unless pruning was switched on.</summary>
    public long TotalHits { get; private set; }

    public bool TotalHitsExact { get; private set; } = true;

    /// <summary>
    /// Offers every competitive match to <paramref name="collector"/> and counts matches.
    /// <paramref name="allowed"/> (a bitset over ordinals, or null) applies the filters;
    /// <paramref name="onMatch"/> sees every match (facets). Pruning starts once
    /// <paramref name="pruneAfter"/> matches were counted (int.MaxValue: never).
    /// </summary>
    public void Run(IHitCollector collector, ulong[]? allowed, FacetCounter[] onMatch, int pruneAfter)
    {
        foreach (var leaf in _leaves)
        {
            leaf.NextDoc();
        }

        if (_required.Length > 0)
        {
            RunConjunction(collector, allowed, onMatch, pruneAfter);
        }
        else if (_should.Length > 0)
        {
            RunDisjunction(collector, allowed, onMatch, pruneAfter);
        }
    }

    private void RunDisjunction(IHitCollector collector, ulong[]? allowed, FacetCounter[] onMatch, int pruneAfter)
    {
        // Scorers by ascending bound; prefixBounds[i] bounds a document matching only order[0..i].
        var order = (int[])_should.Clone();
        var bounds = new double[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            bounds[i] = _leaves[order[i]].MaxScore;
        }

        Array.Sort(bounds, order);
        var prefixBounds = new double[order.Length];
        var running = 0d;
        for (var i = 0; i < order.Length; i++)
        {
            running += bounds[i];
            prefixBounds[i] = running * BoundSlack;
        }

        // The essential scorers in a min-heap by current document, so finding and advancing the
        // next candidate costs O(log n) per matching scorer instead of a scan of all of them.
        var blockBounds = new double[order.Length];
        var heap = new ScorerHeap(_leaves, order.Length);
        heap.Rebuild(order, 0);
        var firstEssential = 0;
        var threshold = double.NegativeInfinity;
        var regionEnd = -1;
        var regionBound = 0d;
        while (true)
        {
            if (TotalHits >= pruneAfter)
            {
                var competitive = PruningThreshold(collector.MinCompetitiveScore);
                if (competitive > threshold)
                {
                    threshold = competitive;
                    TotalHitsExact = false;
                    var essential = firstEssential;
                    while (essential < order.Length && prefixBounds[essential] < threshold)
                    {
                        essential++;
                    }

                    if (essential == order.Length)
                    {
                        return;
                    }

                    if (essential != firstEssential)
                    {
                        firstEssential = essential;
                        heap.Rebuild(order, firstEssential);
                    }
                }
            }

            var doc = heap.TopDoc;
            if (doc == LeafScorer.NoMoreDocs)
            {
                return;
            }

            if (threshold > double.NegativeInfinity)
            {
                // Block-max skip: the blocks of all scorers that may hold doc bound every document
                // up to the nearest block end (the region); when they cannot reach the threshold
                // together, the whole region is skipped. A region is bounded once and then only
                // compared with the (rising) threshold.
                if (doc > regionEnd)
                {
                    regionBound = 0d;
                    regionEnd = LeafScorer.NoMoreDocs - 1;
                    foreach (var index in order)
                    {
                        regionBound += _leaves[index].BlockMaxScore(doc, out var blockEnd);
                        regionEnd = Math.Min(regionEnd, blockEnd);
                    }
                }

                if (regionBound * BoundSlack < threshold)
                {
                    if (regionEnd == LeafScorer.NoMoreDocs - 1)
                    {
                        return;
                    }

                    while (heap.TopDoc <= regionEnd)
                    {
                        heap.ReplaceTop(_leaves[heap.TopLeaf].Advance(regionEnd + 1));
                    }

                    continue;
                }
            }

            var candidate = allowed is null || IsSet(allowed, doc);
            var partial = 0d;
            if (candidate)
            {
                Array.Clear(_contributions);
            }

            // Score (when it is a candidate) and advance every essential scorer on doc.
            do
            {
                var index = heap.TopLeaf;
                var leaf = _leaves[index];
                if (candidate)
                {
                    var score = leaf.Score();
                    _contributions[index] = score;
                    partial += score;
                }

                heap.ReplaceTop(leaf.NextDoc());
            }
            while (heap.TopDoc == doc);

            if (!candidate)
            {
                continue;
            }

            // Non-essential scorers, largest bound first. A candidate that survives the per-term
            // bounds is checked against the tighter block-max bounds of the blocks that may hold
            // it before any non-essential scorer is advanced.
            var bounded = prefixBounds;
            if (firstEssential > 0 && (partial + prefixBounds[firstEssential - 1]) * BoundSlack >= threshold)
            {
                var blockBound = 0d;
                for (var i = 0; i < firstEssential; i++)
                {
                    blockBound += _leaves[order[i]].BlockMaxScore(doc);
                    blockBounds[i] = blockBound;
                }

                bounded = blockBounds;
            }

            for (var i = firstEssential - 1; i >= 0; i--)
            {
                if ((partial + bounded[i]) * BoundSlack < threshold)
                {
                    candidate = false;
                    break;
                }

                var leaf = _leaves[order[i]];
                if (leaf.Doc < doc)
                {
                    leaf.Advance(doc);
                }

                if (leaf.Doc == doc)
                {
                    var score = leaf.Score();
                    _contributions[order[i]] = score;
                    partial += score;
                }
            }

            if (candidate && (threshold == double.NegativeInfinity || partial * BoundSlack >= threshold))
            {
                Accept(doc, collector, onMatch);
            }
        }
    }

    private void RunConjunction(IHitCollector collector, ulong[]? allowed, FacetCounter[] onMatch, int pruneAfter)
    {
        var groups = (RequiredGroup[])_required.Clone();
        var costs = new long[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            costs[i] = groups[i].Cost;
        }

        Array.Sort(costs, groups);
        var optionalBound = 0d;
        foreach (var index in _should)
        {
            optionalBound += _leaves[index].MaxScore;
        }

        var lead = groups[0];
        var doc = lead.NextDoc();
        for (var i = 1; i < groups.Length; i++)
        {
            groups[i].NextDoc();
        }

        while (doc != LeafScorer.NoMoreDocs)
        {
            var aligned = true;
            for (var i = 1; i < groups.Length; i++)
            {
                var other = groups[i].Doc < doc ? groups[i].Advance(doc) : groups[i].Doc;
                if (other > doc)
                {
                    doc = lead.Advance(other);
                    aligned = false;
                    break;
                }
            }

            if (!aligned)
            {
                continue;
            }

            if (allowed is null || IsSet(allowed, doc))
            {
                Array.Clear(_contributions);
                var partial = 0d;
                foreach (var group in groups)
                {
                    group.Score(_contributions);
                }

                foreach (var score in _contributions)
                {
                    partial += score;
                }

                var threshold = TotalHits >= pruneAfter ? PruningThreshold(collector.MinCompetitiveScore) : double.NegativeInfinity;
                if (threshold > double.NegativeInfinity && (partial + optionalBound) * BoundSlack < threshold)
                {
                    TotalHitsExact = false;
                }
                else
                {
                    foreach (var index in _should)
                    {
                        var leaf = _leaves[index];
                        if (leaf.Doc < doc)
                        {
                            leaf.Advance(doc);
                        }

                        if (leaf.Doc == doc)
                        {
                            _contributions[index] = leaf.Score();
                        }
                    }

                    Accept(doc, collector, onMatch);
                }
            }

            doc = lead.NextDoc();
        }
    }

    /// <summary>Drops excluded documents, then counts and collects with the score summed in leaf order.</summary>
    private void Accept(int doc, IHitCollector collector, FacetCounter[] onMatch)
    {
        foreach (var index in _excluded)
        {
            var leaf = _leaves[index];
            if (leaf.Doc < doc)
            {
                leaf.Advance(doc);
            }

            if (leaf.Doc == doc)
            {
                return;
            }
        }

        var score = 0d;
        foreach (var contribution in _contributions)
        {
            score += contribution;
        }

        if (_boost is not null)
        {
            score += _boost.Boost(doc);
        }

        TotalHits++;
        foreach (var counter in onMatch)
        {
            counter.Count(doc);
        }

        collector.Collect(doc, score);
    }

    private static bool IsSet(ulong[] bits, int index) => (bits[index >> 6] & (1UL << index)) != 0;
}
