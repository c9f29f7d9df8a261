using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>Grouping tokenized texts into packs: in order, every text once, within the token budget, greedy.</summary>
public sealed class TextPacksTests
{
    [Fact]
    public void Consecutive_texts_share_a_pack_while_their_tokens_fit_the_budget()
    {
        List<TextPack> packs = TextPacks.Group([3, 4, 2, 5, 1], tokenBudget: 9);
        Assert.Equal([new TextPack(0, 3, 0, 9), new TextPack(3, 2, 9, 6)], packs);
    }

    [Fact]
    public void A_text_longer_than_the_budget_travels_alone()
    {
        List<TextPack> packs = TextPacks.Group([2, 128, 3], tokenBudget: 100);
        Assert.Equal([new TextPack(0, 1, 0, 2), new TextPack(1, 1, 2, 128), new TextPack(2, 1, 130, 3)], packs);
    }

    [Fact]
    public void No_texts_make_no_packs() => Assert.Empty(TextPacks.Group([], tokenBudget: 10));

    [Fact]
    public void A_text_without_tokens_or_a_budget_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPacks.Group([3, 0, 2], tokenBudget: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPacks.Group([3], tokenBudget: 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(128)]
    [InlineData(256)]
    public void Random_batches_are_covered_in_order_and_packed_greedily(int budget)
    {
        var random = new Random(budget);
        for (int batch = 0; batch < 50; batch++)
        {
            int[] lengths = Enumerable.Range(0, random.Next(1, 200)).Select(_ => random.Next(1, 129)).ToArray();
            List<TextPack> packs = TextPacks.Group(lengths, budget);

            int nextText = 0, nextToken = 0;
            foreach (TextPack pack in packs)
            {
                Assert.Equal(nextText, pack.FirstText);
                Assert.Equal(nextToken, pack.FirstToken);
                Assert.True(pack.TextCount >= 1);
                Assert.Equal(lengths.AsSpan(pack.FirstText, pack.TextCount).ToArray().Sum(), pack.TokenCount);
                Assert.True(pack.TextCount == 1 || pack.TokenCount <= budget, $"pack {pack} exceeds the budget {budget}");
                int end = pack.FirstText + pack.TextCount;
                Assert.True(end == lengths.Length || pack.TokenCount + lengths[end] > budget, $"pack {pack} could have taken text {end}");
                nextText = end;
                nextToken += pack.TokenCount;
            }

            Assert.Equal(lengths.Length, nextText);
        }
    }
}
