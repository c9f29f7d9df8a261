namespace OrleansSearch.Search.Analysis;

/// <summary>How <see cref="Tokenizer"/> cuts text into tokens.</summary>
internal sealed record TokenizerOptions
{
    /// <summary>Default for <see cref="MaxTokenLength"/>: as Lucene's StandardTokenizer, long enough for any word.</summary>
    public const int DEFAULT_MAX_TOKEN_LENGTH = 255;

    public static TokenizerOptions Default { get; } = new();

    /// <summary>
    /// Longest token, in UTF-16 chars of the source text, that is kept. Longer runs (encoded blobs,
    /// hashes, garbage) are skipped but still take a position, so phrases do not match across them.
    /// </summary>
    public int MaxTokenLength
    {
        get;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxTokenLength), value, $"{nameof(MaxTokenLength)} must be at least 1.");
            }

            field = value;
        }
    } = DEFAULT_MAX_TOKEN_LENGTH;
}
