using OrleansSearch.Search.Hybrid;

namespace OrleansSearch.Search.Tests.Hybrid;

/// <summary>RRF with hand-computed expectations: score = Σ 1 / (k + rank).</summary>
public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Sums_reciprocal_ranks_with_k_60()
    {
        RankedHit[] lexical = [new("a", 10), new("b", 8), new("c", 5)];
        RankedHit[] vector = [new("c", 0.9), new("a", 0.8), new("d", 0.1)];

        RankedHit[] fused = ReciprocalRankFusion.Fuse([lexical, vector]);

        // a: 1/61 + 1/62, c: 1/63 + 1/61, b: 1/62, d: 1/63.
        Assert.Equal(["a", "c", "b", "d"], fused.Select(h => h.Id));
        Assert.Equal(1.0 / 61 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal(1.0 / 63 + 1.0 / 61, fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
    }

    [Fact]
    public void Ranks_come_from_scores_not_from_list_order()
    {
        RankedHit[] fused = ReciprocalRankFusion.Fuse([[new("low", 1), new("high", 2)]], k: 0);
        Assert.Equal([new RankedHit("high", 1.0), new RankedHit("low", 0.5)], fused);
    }

    [Fact]
    public void Ties_are_broken_by_id_ascending_inside_lists_and_after_fusion()
    {
        // Inside the list: b and a tie at 5, so a takes rank 1. After fusion, x and y tie at 1/61.
        Assert.Equal(["a", "b"], ReciprocalRankFusion.Fuse([[new("b", 5), new("a", 5)]]).Select(h => h.Id));
        Assert.Equal(["x", "y"], ReciprocalRankFusion.Fuse([[new("y", 1)], [new("x", 1)]]).Select(h => h.Id));
    }

    [Fact]
    public void A_repeated_id_counts_once_at_its_best_rank()
    {
        RankedHit[] fused = ReciprocalRankFusion.Fuse([[new("a", 3), new("b", 2), new("a", 1)]], k: 0);
        Assert.Equal([new RankedHit("a", 1.0), new RankedHit("b", 0.5)], fused);
    }

    [Fact]
    public void Limit_keeps_the_best()
    {
        Assert.Equal(["a"], ReciprocalRankFusion.Fuse([[new("a", 2), new("b", 1)]], limit: 1).Select(h => h.Id));
        Assert.Empty(ReciprocalRankFusion.Fuse([[], []]));
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse([], k: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse([], limit: 0));
        Assert.Contains("finite score", Assert.Throws<ArgumentException>(() => ReciprocalRankFusion.Fuse([[new("a", double.NaN)]])).Message);
    }
}
