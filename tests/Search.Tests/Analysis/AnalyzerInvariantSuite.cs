using System.Collections.Concurrent;
using System.Text;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>
/// What every analyzer must do, whatever its tokenizer and filters: give the same tokens for the same
/// text on any thread, offsets inside the text and in increasing order, non-decreasing positions,
/// non-empty terms, and append without touching tokens already in the list. Each analyzer gets a
/// subclass. The texts are fixed tricky cases plus random mixes from a fixed seed.
/// </summary>
public abstract class AnalyzerInvariantSuite
{
    private const int Seed = 20_261_122;
    private const int RandomTextCount = 300;

    private static readonly string[] Pieces =
    [
        "word", "Running", "the", "and", "skies", "Ünïcödé", "straße", "ﬁnance", "ǿ", "don't", "John’s", "'", "’", "-",
        "state-of-the-art", "3.5", "1.2.3", ".", ",", "!", " ", " ", " ", "\t", "\r\n", "\u00A0", "中", "文", "の", "テスト",
        "한국어", "हिन्दी", "\U00010428", "\U0001D49C", "\U0001F600", "\U00020000", "\uD800", "\uDC00", "\u0301", "e\u0301",
        "42", "١٢٣", new string('x', 300),
    ];

    private static readonly string[] FixedTexts =
    [
        "", " ", "\t\r\n", "a", "A", "'", "-", "3.5", "\uD800", "\u0301", "\u0301a", "a\u0301",
        "The quick brown fox jumps over the lazy dog.",
        "  Don't stop—it's “state-of-the-art” (3.5 GHz), naïve café!\r\n中文 end  ",
        new string('y', 256) + " short",
    ];

    protected abstract IAnalyzer Analyzer { get; }

    public static IReadOnlyList<string> Texts { get; } = BuildTexts();

    [Fact]
    public void IsDeterministic()
    {
        foreach (string text in Texts)
        {
            Assert.True(Analyze(text).SequenceEqual(Analyze(text)), $"Two runs differ for {Describe(text)}");
        }
    }

    [Fact]
    public void OffsetsAreInsideTheTextAndIncreasing()
    {
        foreach (string text in Texts)
        {
            int previousEnd = 0;
            foreach (Token token in Analyze(text))
            {
                Assert.True(
                    token.StartOffset >= previousEnd && token.StartOffset < token.EndOffset && token.EndOffset <= text.Length,
                    $"Token {token} after offset {previousEnd} is out of order or range for {Describe(text)}");
                previousEnd = token.EndOffset;
            }
        }
    }

    [Fact]
    public void OffsetsNeverSplitASurrogatePair()
    {
        foreach (string text in Texts)
        {
            foreach (Token token in Analyze(text))
            {
                bool startsInsidePair = token.StartOffset > 0 && char.IsSurrogatePair(text[token.StartOffset - 1], text[token.StartOffset]);
                bool endsInsidePair = token.EndOffset < text.Length && char.IsSurrogatePair(text[token.EndOffset - 1], text[token.EndOffset]);
                Assert.False(startsInsidePair || endsInsidePair, $"Token {token} cuts a surrogate pair in {Describe(text)}");
            }
        }
    }

    [Fact]
    public void PositionsStartAtZeroOrLaterAndNeverDecrease()
    {
        foreach (string text in Texts)
        {
            int previous = 0;
            foreach (Token token in Analyze(text))
            {
                Assert.True(token.Position >= previous, $"Position of {token} went below {previous} for {Describe(text)}");
                previous = token.Position;
            }
        }
    }

    [Fact]
    public void TermsAreNonEmpty()
    {
        foreach (string text in Texts)
        {
            foreach (Token token in Analyze(text))
            {
                Assert.True(token.Term.Length > 0, $"Empty term {token} for {Describe(text)}");
            }
        }
    }

    [Fact]
    public void AppendsToTheListWithoutTouchingWhatIsThere()
    {
        var sentinel = new Token("sentinel", 7, 1, 2);
        foreach (string text in Texts)
        {
            var tokens = new List<Token> { sentinel };
            Analyzer.Analyze(text, tokens);
            Assert.Equal(sentinel, tokens[0]);
            Assert.Equal(Analyze(text), tokens.Skip(1));
        }
    }

    [Fact]
    public void GivesTheSameTokensWhenManyThreadsAnalyzeAtOnce()
    {
        List<Token>[] expected = Texts.Select(Analyze).ToArray();
        const int Rounds = 8;
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, Texts.Count * Rounds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int index = i % Texts.Count;
            if (!Analyze(Texts[index]).SequenceEqual(expected[index]))
            {
                failures.Add(Describe(Texts[index]));
            }
        });
        Assert.True(failures.IsEmpty, $"Parallel runs differed for: {string.Join("; ", failures.Take(5))}");
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze(null!, []));
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze("text", null!));
    }

    private List<Token> Analyze(string text)
    {
        var tokens = new List<Token>();
        Analyzer.Analyze(text, tokens);
        return tokens;
    }

    private static string Describe(string text)
    {
        int index = FixedTexts.Length;
        for (int i = 0; i < Texts.Count; i++)
        {
            if (ReferenceEquals(Texts[i], text))
            {
                index = i;
                break;
            }
        }

        string shown = text.Length > 80 ? text[..80] + "..." : text;
        return index < FixedTexts.Length
            ? $"fixed text {index} \"{shown}\""
            : $"random text {index - FixedTexts.Length} of seed {Seed} \"{shown}\"";
    }

    private static List<string> BuildTexts()
    {
        var texts = new List<string>(FixedTexts);
        var random = new Random(Seed);
        var builder = new StringBuilder();
        for (int i = 0; i < RandomTextCount; i++)
        {
            builder.Clear();
            int pieces = random.Next(0, 40);
            for (int p = 0; p < pieces; p++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            texts.Add(builder.ToString());
        }

        return texts;
    }
}

public sealed class EnglishAnalyzerInvariants : AnalyzerInvariantSuite
{
    protected override IAnalyzer Analyzer => Analyzers.English;
}

public sealed class SimpleAnalyzerInvariants : AnalyzerInvariantSuite
{
    protected override IAnalyzer Analyzer => Analyzers.Simple;
}

public sealed class KeywordAnalyzerInvariants : AnalyzerInvariantSuite
{
    protected override IAnalyzer Analyzer => Analyzers.Keyword;
}

public sealed class ShortTokenAnalyzerInvariants : AnalyzerInvariantSuite
{
    private static readonly TextAnalyzer ShortTokens = new(new TokenizerOptions { MaxTokenLength = 4 }, LowercaseFilter.Instance, StopwordFilter.English);

    protected override IAnalyzer Analyzer => ShortTokens;
}
