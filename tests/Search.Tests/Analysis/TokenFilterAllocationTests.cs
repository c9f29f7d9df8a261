using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>The filters edit the reused term buffer in place: normalizing a term allocates nothing.</summary>
public sealed class TokenFilterAllocationTests
{
    private static readonly ITokenFilter[] EnglishChain =
        [LowercaseFilter.Instance, AccentFoldingFilter.Instance, StopwordFilter.English, EnglishStemFilter.Instance];

    [Theory]
    [InlineData("Relational")]
    [InlineData("Café’s")]
    [InlineData("STRAẞE")]
    [InlineData("ﬁnancially")]
    [InlineData("the")]
    public void TheEnglishChain_AllocatesNothingPerTerm(string term)
    {
        // Several rounds, judged by the best: the JIT may allocate while it tiers code up mid-round,
        // but a filter that allocated per term would allocate in every round.
        var buffer = new TermBuffer();
        long fewestBytes = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                RunChain(buffer, term);
            }

            fewestBytes = Math.Min(fewestBytes, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewestBytes);
    }

    private static void RunChain(TermBuffer buffer, string term)
    {
        buffer.Set(term);
        foreach (ITokenFilter filter in EnglishChain)
        {
            if (!filter.Apply(buffer))
            {
                return;
            }
        }
    }
}
