namespace OrleansSearch.Search.Analysis;

/// <summary>The ready-made analyzers a schema can name. All are immutable and thread-safe.</summary>
public static class Analyzers
{
    /// <summary>
    /// For English prose: word tokens, lowercased, accents folded, Lucene's 33 English stopwords removed
    /// (positions kept), Porter2 stems. The usual BM25 setup for English retrieval benchmarks.
    /// </summary>
    public static IAnalyzer English { get; } = BuildEnglish(StopwordFilter.English);

    /// <summary>Lucene's classic English stopwords, the ones <see cref="English"/> removes.</summary>
    public static IReadOnlyList<string> EnglishStopwords => StopwordFilter.EnglishWords;

    /// <summary>Language-neutral: word tokens, lowercased, accents folded; no stopwords, no stemming.</summary>
    public static IAnalyzer Simple { get; } = new TextAnalyzer(
        TokenizerOptions.Default,
        LowercaseFilter.Instance,
        AccentFoldingFilter.Instance);

    /// <summary>For keyword fields: the whole trimmed value as one token, case kept.</summary>
    public static IAnalyzer Keyword { get; } = KeywordAnalyzer.Instance;

    /// <summary>
    /// <see cref="English"/> with another stopword list (lowercase, unaccented words); an empty list
    /// turns stopword removal off.
    /// </summary>
    public static IAnalyzer CreateEnglish(IEnumerable<string> stopwords)
    {
        var filter = new StopwordFilter(stopwords);
        return BuildEnglish(filter.IsEmpty ? null : filter);
    }

    private static TextAnalyzer BuildEnglish(StopwordFilter? stopwords) => new(
        TokenizerOptions.Default,
        stopwords is null
            ? [LowercaseFilter.Instance, AccentFoldingFilter.Instance, EnglishStemFilter.Instance]
            : [LowercaseFilter.Instance, AccentFoldingFilter.Instance, stopwords, EnglishStemFilter.Instance]);

    /// <summary>The analyzer called <paramref name="name"/> ("english", "simple" or "keyword", any case).</summary>
    public static IAnalyzer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "ENGLISH" => English,
            "SIMPLE" => Simple,
            "KEYWORD" => Keyword,
            _ => throw new ArgumentException($"Unknown analyzer \"{name}\"; the analyzers are \"english\", \"simple\" and \"keyword\".", nameof(name)),
        };
    }
}
