using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Support;

/// <summary>
/// A test-local analyzer: runs of letters or digits, lowercased, with an optional stopword list
/// that leaves position gaps. Deterministic and independent of the real English analyzer.
/// </summary>
internal sealed class LetterDigitAnalyzer : IAnalyzer
{
    private readonly HashSet<string> _stopwords;

    public LetterDigitAnalyzer(params string[] stopwords) => _stopwords = new HashSet<string>(stopwords, StringComparer.Ordinal);

    public static LetterDigitAnalyzer Instance { get; } = new();

    public void Analyze(string text, List<Token> tokens)
    {
        var position = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var term = text[start..i].ToLowerInvariant();
            if (!_stopwords.Contains(term))
            {
                tokens.Add(new Token(term, position, start, i));
            }

            position++;
        }
    }
}
