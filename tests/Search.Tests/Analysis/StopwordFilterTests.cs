using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

public sealed class StopwordFilterTests
{
    [Fact]
    public void TheEnglishList_IsLucenesClassic33Words()
    {
        Assert.Equal(33, StopwordFilter.EnglishWords.Count);
        Assert.Equal(33, StopwordFilter.EnglishWords.Distinct().Count());
        foreach (string word in StopwordFilter.EnglishWords)
        {
            Assert.Null(FilterHarness.Apply(StopwordFilter.English, word));
        }
    }

    [Theory]
    [InlineData("The"), InlineData("themselves"), InlineData("from"), InlineData("i"), InlineData("ai")]
    public void OtherTerms_PassUnchanged(string term) => Assert.Equal(term, FilterHarness.Apply(StopwordFilter.English, term));

    [Fact]
    public void ACustomList_RemovesItsOwnWords()
    {
        var filter = new StopwordFilter(["le", "la", "les"]);
        Assert.Null(FilterHarness.Apply(filter, "la"));
        Assert.Equal("the", FilterHarness.Apply(filter, "the"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void EmptyOrNullStopwords_AreRejected(string? word)
    {
        var error = Assert.Throws<ArgumentException>(() => new StopwordFilter(["ok", word!]));
        Assert.Contains("non-empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovedStopwords_LeaveGapsInPositions()
    {
        var tokens = new List<Token>();
        Analyzers.English.Analyze("The quick fox and the lazy dog", tokens);
        Assert.Equal([("quick", 1), ("fox", 2), ("lazi", 5), ("dog", 6)], tokens.Select(token => (token.Term, token.Position)));
    }

    [Fact]
    public void AnAnalyzerWithoutStopwords_KeepsEveryWord()
    {
        var tokens = new List<Token>();
        Analyzers.Simple.Analyze("The quick fox and the lazy dog", tokens);
        Assert.Equal(["the", "quick", "fox", "and", "the", "lazy", "dog"], tokens.Select(token => token.Term));
        Assert.Equal(Enumerable.Range(0, 7), tokens.Select(token => token.Position));
    }
}
