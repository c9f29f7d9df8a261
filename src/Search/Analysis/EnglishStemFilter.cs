namespace OrleansSearch.Search.Analysis;

/// <summary>Replaces each term by its English (Porter2) stem; expects lowercased terms.</summary>
internal sealed class EnglishStemFilter : ITokenFilter
{
    public static EnglishStemFilter Instance { get; } = new();

    private EnglishStemFilter()
    {
    }

    public bool Apply(TermBuffer term)
    {
        term.Truncate(EnglishStemmer.Stem(term.Span));
        return true;
    }
}
