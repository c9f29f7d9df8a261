namespace OrleansSearch.Search.Analysis;

/// <summary>
/// For keyword fields (ids, tags, categories): the whole value, trimmed of surrounding white space and
/// otherwise exactly as given (case kept), is one token at position 0. A blank value gives no token.
/// </summary>
internal sealed class KeywordAnalyzer : IAnalyzer
{
    public static KeywordAnalyzer Instance { get; } = new();

    private KeywordAnalyzer()
    {
    }

    public void Analyze(string text, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ReadOnlySpan<char> value = text.AsSpan();
        int start = value.Length - value.TrimStart().Length;
        int end = value.TrimEnd().Length;
        if (start >= end)
        {
            return;
        }

        string term = start == 0 && end == text.Length ? text : text[start..end];
        tokens.Add(new Token(term, 0, start, end));
    }
}
