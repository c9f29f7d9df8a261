using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

public sealed class LowercaseFilterTests
{
    private static string? Lower(string term) => FilterHarness.Apply(LowercaseFilter.Instance, term);

    [Theory]
    [InlineData("HELLO", "hello"), InlineData("MiXeD123", "mixed123"), InlineData("ÀÉÎ", "àéî"), InlineData("ΑΒΓ", "αβγ")]
    [InlineData("МОСКВА", "москва"), InlineData("ASCII-then-ÜBER", "ascii-then-über"), InlineData("\U00010400", "\U00010428")]
    public void Lowercases_WithTheInvariantCulture(string term, string lowered) => Assert.Equal(lowered, Lower(term));

    [Fact]
    public void TurkishDottedCapitalI_DoesNotDependOnTheMachinesCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal("istanbul", Lower("ISTANBUL"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
