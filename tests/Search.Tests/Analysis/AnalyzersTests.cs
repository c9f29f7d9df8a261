using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>What the ready-made analyzers make of text.</summary>
public sealed class AnalyzersTests
{
    private static List<Token> Analyze(IAnalyzer analyzer, string text)
    {
        var tokens = new List<Token>();
        analyzer.Analyze(text, tokens);
        return tokens;
    }

    private static string[] Terms(IAnalyzer analyzer, string text) => Analyze(analyzer, text).Select(token => token.Term).ToArray();

    [Fact]
    public void English_LowercasesFoldsRemovesStopwordsAndStems()
    {
        Assert.Equal(
            ["run", "quick", "through", "cafe", "field", "strass", "generous", "donat"],
            Terms(Analyzers.English, "Running QUICKLY through the Café's ﬁelds of Straße, generously donated"));
    }

    [Fact]
    public void English_DropsPossessivesButKeepsContractions()
    {
        Assert.Equal(["john", "book", "don't", "o'neil"], Terms(Analyzers.English, "John's books don’t O'Neil's"));
    }

    [Fact]
    public void English_OffsetsPointAtTheWordsInTheSource()
    {
        const string text = "The Cats’ toys";
        Assert.Equal([new Token("cat", 1, 4, 8), new Token("toy", 2, 10, 14)], Analyze(Analyzers.English, text));
    }

    [Fact]
    public void English_HyphenatedWordsMatchTheirPhrase()
    {
        List<Token> hyphenated = Analyze(Analyzers.English, "a state-of-the-art method");
        List<Token> spaced = Analyze(Analyzers.English, "a state of the art method");
        Assert.Equal(spaced.Select(token => (token.Term, token.Position)), hyphenated.Select(token => (token.Term, token.Position)));
    }

    [Fact]
    public void CreateEnglish_UsesTheGivenStopwords_AndNoneWhenTheListIsEmpty()
    {
        const string text = "The quick fox";
        Assert.Equal([("the", 0), ("fox", 2)], Analyze(Analyzers.CreateEnglish(["quick"]), text).Select(token => (token.Term, token.Position)));
        Assert.Equal(["the", "quick", "fox"], Terms(Analyzers.CreateEnglish([]), text));
        Assert.Equal(Terms(Analyzers.English, text), Terms(Analyzers.CreateEnglish(Analyzers.EnglishStopwords), text));
    }

    [Fact]
    public void Simple_LowercasesAndFoldsOnly()
    {
        Assert.Equal(
            ["running", "quickly", "through", "the", "cafe's", "fields", "of", "strasse"],
            Terms(Analyzers.Simple, "Running QUICKLY through the Café's ﬁelds of Straße"));
    }

    [Theory]
    [InlineData("  Sci-Fi / Fantasy\t", "Sci-Fi / Fantasy", 2, 18)]
    [InlineData("ABC-123", "ABC-123", 0, 7)]
    [InlineData("Ünïcödé", "Ünïcödé", 0, 7)]
    public void Keyword_IsTheWholeTrimmedValue_CaseKept(string text, string term, int start, int end)
    {
        Assert.Equal([new Token(term, 0, start, end)], Analyze(Analyzers.Keyword, text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    public void Keyword_BlankValueHasNoToken(string text) => Assert.Empty(Analyze(Analyzers.Keyword, text));

    [Theory]
    [InlineData("english")]
    [InlineData("English")]
    [InlineData("SIMPLE")]
    [InlineData("keyword")]
    public void Get_FindsTheAnalyzersByName(string name)
    {
        IAnalyzer expected = name.ToLowerInvariant() switch
        {
            "english" => Analyzers.English,
            "simple" => Analyzers.Simple,
            _ => Analyzers.Keyword,
        };
        Assert.Same(expected, Analyzers.Get(name));
    }

    [Fact]
    public void Get_RejectsAnUnknownNameNamingItAndTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => Analyzers.Get("french"));
        Assert.Contains("\"french\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"english\", \"simple\" and \"keyword\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextAnalyzerRejectsANullFilter()
    {
        var error = Assert.Throws<ArgumentException>(() => new TextAnalyzer(TokenizerOptions.Default, LowercaseFilter.Instance, null!));
        Assert.Contains("filter 1", error.Message, StringComparison.Ordinal);
    }
}
