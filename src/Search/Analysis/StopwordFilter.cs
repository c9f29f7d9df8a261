using System.Collections.Frozen;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Removes terms found in a stopword list. The analyzer still counts the removed token's position, so
/// a phrase query does not match across a removed word. Words are compared ordinally with the term as
/// it is at this point of the pipeline, so put this filter after lowercasing and folding and give it
/// lowercase, unaccented words.
/// </summary>
internal sealed class StopwordFilter : ITokenFilter
{
    /// <summary>
    /// Lucene's classic English stop set (33 words, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET): the usual
    /// choice for BM25 baselines such as BEIR's. Small on purpose: removing more words hurts phrase and
    /// question-style queries more than it saves.
    /// </summary>
    public static IReadOnlyList<string> EnglishWords { get; } =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    ];

    public static StopwordFilter English { get; } = new(EnglishWords);

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> words;

    public StopwordFilter(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            if (string.IsNullOrEmpty(word))
            {
                throw new ArgumentException($"A stopword must be a non-empty string; got {(word is null ? "null" : "\"\"")}.", nameof(words));
            }

            set.Add(word);
        }

        this.words = set.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsEmpty => words.Set.Count == 0;

    public bool Apply(TermBuffer term) => !words.Contains(term.Span);
}
