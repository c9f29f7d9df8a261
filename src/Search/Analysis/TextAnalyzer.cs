namespace OrleansSearch.Search.Analysis;

/// <summary>
/// An analyzer made of a <see cref="Tokenizer"/> and a chain of <see cref="ITokenFilter"/>s applied in
/// order. Every token the tokenizer finds takes a position, whether a filter removes it or it was too
/// long, so positions keep gaps where words were dropped. Immutable; many threads may analyze at
/// once (each thread edits terms in its own buffer).
/// </summary>
internal sealed class TextAnalyzer : IAnalyzer
{
    [ThreadStatic]
    private static TermBuffer? threadTerm;

    private readonly Tokenizer tokenizer;
    private readonly ITokenFilter[] filters;

    public TextAnalyzer(TokenizerOptions tokenizerOptions, params ITokenFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        for (int i = 0; i < filters.Length; i++)
        {
            if (filters[i] is null)
            {
                throw new ArgumentException($"Token filter {i} is null; every filter of an analyzer must be set.", nameof(filters));
            }
        }

        tokenizer = new Tokenizer(tokenizerOptions);
        this.filters = (ITokenFilter[])filters.Clone();
    }

    public void Analyze(string text, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        TermBuffer term = threadTerm ??= new TermBuffer();
        ReadOnlySpan<char> source = text;
        int cursor = 0;
        int position = 0;
        while (tokenizer.TryReadToken(source, ref cursor, out int start, out int end, out int skippedTokens))
        {
            position += skippedTokens;
            Tokenizer.CopyTerm(source[start..end], term);
            if (PassesFilters(term) && term.Length > 0)
            {
                tokens.Add(new Token(new string(term.Span), position, start, end));
            }

            position++;
        }
    }

    private bool PassesFilters(TermBuffer term)
    {
        foreach (ITokenFilter filter in filters)
        {
            if (!filter.Apply(term))
            {
                return false;
            }
        }

        return true;
    }
}
