using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>What the tokenizer cuts text into: the raw tokens, before any filter.</summary>
public sealed class TokenizerTests
{
    private static readonly TextAnalyzer Raw = new(TokenizerOptions.Default);

    private static List<Token> Tokenize(string text, TextAnalyzer? analyzer = null)
    {
        var tokens = new List<Token>();
        (analyzer ?? Raw).Analyze(text, tokens);
        return tokens;
    }

    private static string[] Terms(string text, TextAnalyzer? analyzer = null) =>
        Tokenize(text, analyzer).Select(token => token.Term).ToArray();

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\r\n\u00A0\u2003 ")]
    [InlineData("!?,;: -- ... ()")]
    public void EmptyWhitespaceOrPunctuationOnlyText_HasNoTokens(string text) => Assert.Empty(Tokenize(text));

    [Fact]
    public void SplitsOnWhitespaceAndPunctuation_KeepingCase()
    {
        Assert.Equal(["Hello", "World", "how", "are", "you"], Terms("Hello, World! how\tare\nyou?"));
    }

    [Fact]
    public void PositionsCountTokensFromZero()
    {
        Assert.Equal([0, 1, 2], Tokenize("one two three").Select(token => token.Position));
    }

    [Fact]
    public void UnicodeLetters_FormWords()
    {
        Assert.Equal(["Ångström", "naïve", "Москва", "αβγ", "한국어"], Terms("Ångström, naïve; Москва αβγ 한국어"));
    }

    [Fact]
    public void CombiningMarks_ContinueTheWordTheyFollow()
    {
        string decomposed = "cafe\u0301 nin\u0303o";
        Assert.Equal(["cafe\u0301", "nin\u0303o"], Terms(decomposed));
        Assert.Equal(["हिन्दी"], Terms("हिन्दी"));
    }

    [Fact]
    public void ALeadingCombiningMark_StartsNoToken()
    {
        Assert.Equal(["x"], Terms("\u0301 x"));
    }

    [Fact]
    public void HanIdeographsAndHiragana_AreOneTokenEach_KatakanaRunsStayWhole()
    {
        Assert.Equal(["中", "文", "検", "索", "の", "テスト"], Terms("中文検索のテスト"));
        Assert.Equal(["abc", "中", "def"], Terms("abc中def"));
    }

    [Fact]
    public void DigitsAndMixedLetterDigitRuns_AreTokens()
    {
        Assert.Equal(["2024", "covid19", "H1N1", "١٢٣"], Terms("2024 covid19 H1N1 ١٢٣"));
    }

    [Fact]
    public void DecimalPoints_StayInsideNumbers_OtherFullStopsSplit()
    {
        Assert.Equal(["3.5", "1.2.3", "v2.0", "end", "U", "S", "A", "3", "x"], Terms("3.5 1.2.3 v2.0 end. U.S.A. 3.x"));
    }

    [Fact]
    public void OtherNumberPunctuation_Splits()
    {
        Assert.Equal(["1", "000", "3", "14", "50"], Terms("1,000 3,14 50%"));
    }

    [Fact]
    public void ApostrophesBetweenLetters_StayInside_AndAreSpelledAscii()
    {
        Assert.Equal(["don't", "John's", "O'Neil", "rock'n'roll", "can't"], Terms("don't John's O'Neil rock'n'roll can\u2019t"));
    }

    [Fact]
    public void ApostrophesNotBetweenLetters_Split()
    {
        Assert.Equal(["students", "tis", "80", "s", "a", "b"], Terms("students' 'tis 80's a''b"));
    }

    [Fact]
    public void Hyphens_SplitIntoWordsAtConsecutivePositions()
    {
        List<Token> tokens = Tokenize("state-of-the-art");
        Assert.Equal(["state", "of", "the", "art"], tokens.Select(token => token.Term));
        Assert.Equal([0, 1, 2, 3], tokens.Select(token => token.Position));
    }

    [Fact]
    public void SurrogatePairs_AreWholeLettersInsideWords()
    {
        // U+10428 DESERET SMALL LETTER LONG I and U+1D49C MATHEMATICAL SCRIPT CAPITAL A are letters; U+1F600 (emoji) is not.
        List<Token> tokens = Tokenize("a\U00010428b \U0001D49C \U0001F600x");
        Assert.Equal(["a\U00010428b", "\U0001D49C", "x"], tokens.Select(token => token.Term));
        Assert.Equal((0, 4), (tokens[0].StartOffset, tokens[0].EndOffset));
        Assert.Equal((5, 7), (tokens[1].StartOffset, tokens[1].EndOffset));
        Assert.Equal((10, 11), (tokens[2].StartOffset, tokens[2].EndOffset));
    }

    [Fact]
    public void HanIdeographsOutsideTheBmp_AreOneTokenEach()
    {
        Assert.Equal(["\U00020000", "\U00020001"], Terms("\U00020000\U00020001"));
    }

    [Fact]
    public void LoneSurrogates_SeparateTokensAndNeverEnterATerm()
    {
        Assert.Equal(["ab", "cd", "ef"], Terms("ab\uD800cd\uDC00ef"));
    }

    [Fact]
    public void Offsets_MapEachTokenBackToItsSourceText()
    {
        const string text = "  Don't stop—it's “state-of-the-art” (3.5 GHz), naïve café!\r\n中文 end";
        foreach (Token token in Tokenize(text))
        {
            Assert.Equal(token.Term, text[token.StartOffset..token.EndOffset].Replace('\u2019', '\''));
        }

        Assert.Equal(["Don't", "stop", "it's", "state", "of", "the", "art", "3.5", "GHz", "naïve", "café", "中", "文", "end"], Terms(text));
    }

    [Fact]
    public void TokensLongerThanTheMaximum_AreSkipped_KeepingTheirPosition()
    {
        var analyzer = new TextAnalyzer(new TokenizerOptions { MaxTokenLength = 5 });
        List<Token> tokens = Tokenize("short toolongword fits sixsixsix end", analyzer);
        Assert.Equal([("short", 0), ("fits", 2), ("end", 4)], tokens.Select(token => (token.Term, token.Position)));
    }

    [Fact]
    public void TheDefaultMaximumIs255Chars()
    {
        string longest = new('a', 255);
        string tooLong = new('b', 256);
        List<Token> tokens = Tokenize($"{longest} {tooLong} end");
        Assert.Equal([(longest, 0), ("end", 2)], tokens.Select(token => (token.Term, token.Position)));
    }

    [Fact]
    public void AVeryLongRunOfLetters_IsSkippedInOneToken()
    {
        string text = "before " + new string('x', 1_000_000) + " after";
        Assert.Equal([("before", 0), ("after", 2)], Tokenize(text).Select(token => (token.Term, token.Position)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AMaximumTokenLengthBelowOne_IsRejected(int maxTokenLength)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TokenizerOptions { MaxTokenLength = maxTokenLength });
        Assert.Contains("MaxTokenLength", error.Message, StringComparison.Ordinal);
        Assert.Equal(maxTokenLength, error.ActualValue);
    }
}
