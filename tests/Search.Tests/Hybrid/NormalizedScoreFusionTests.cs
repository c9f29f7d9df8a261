using OrleansSearch.Search.Hybrid;

namespace OrleansSearch.Search.Tests.Hybrid;

/// <summary>Min-max normalisation per list, then α · vector + (1 − α) · lexical; hand-computed expectations.</summary>
public sealed class NormalizedScoreFusionTests
{
    // Lexical normalised: a 1, b 0.5, c 0. Vector normalised: b 1, c 0.5, d 0.
    private static readonly RankedHit[] Lexical = [new("a", 10), new("b", 6), new("c", 2)];
    private static readonly RankedHit[] Vector = [new("b", 0.9), new("c", 0.5), new("d", 0.1)];

    [Fact]
    public void Combines_normalised_scores_with_alpha()
    {
        Assert.Equal(
            [new RankedHit("b", 0.75), new RankedHit("a", 0.5), new RankedHit("c", 0.25), new RankedHit("d", 0)],
            NormalizedScoreFusion.Fuse(Lexical, Vector, alpha: 0.5));
    }

    [Fact]
    public void Alpha_0_is_lexical_only_and_alpha_1_vector_only_with_ties_by_id()
    {
        Assert.Equal(
            [new RankedHit("a", 1), new RankedHit("b", 0.5), new RankedHit("c", 0), new RankedHit("d", 0)],
            NormalizedScoreFusion.Fuse(Lexical, Vector, alpha: 0));
        Assert.Equal(
            [new RankedHit("b", 1), new RankedHit("c", 0.5), new RankedHit("a", 0), new RankedHit("d", 0)],
            NormalizedScoreFusion.Fuse(Lexical, Vector, alpha: 1));
    }

    [Fact]
    public void Weights_are_applied_to_the_right_side()
    {
        RankedHit[] fused = NormalizedScoreFusion.Fuse(Lexical, Vector, alpha: 0.8);

        // b: 0.2·0.5 + 0.8·1 = 0.9; c: 0.8·0.5 = 0.4; a: 0.2·1 = 0.2; d: 0.
        Assert.Equal(["b", "c", "a", "d"], fused.Select(h => h.Id));
        Assert.Equal([0.9, 0.4, 0.2, 0], fused.Select(h => Math.Round(h.Score, 12)));
    }

    [Fact]
    public void A_list_of_equal_scores_normalises_to_one()
    {
        Assert.Equal(
            [new RankedHit("x", 0.5), new RankedHit("y", 0.5)],
            NormalizedScoreFusion.Fuse([new("y", 3), new("x", 3)], [], alpha: 0.5));
    }

    [Fact]
    public void Limit_and_bad_input()
    {
        Assert.Equal(["b"], NormalizedScoreFusion.Fuse(Lexical, Vector, 0.5, limit: 1).Select(h => h.Id));
        Assert.Contains("between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => NormalizedScoreFusion.Fuse(Lexical, Vector, 1.5)).Message);
        Assert.Throws<ArgumentException>(() => NormalizedScoreFusion.Fuse([new("a", double.PositiveInfinity)], Vector, 0.5));
    }
}
