namespace OrleansSearch.Search.Snippets;

/// <summary>
/// Which stored text fields get a snippet, how long it is and how query terms are marked. The
/// text between tags is returned as stored (not HTML-escaped): escape it when the consumer
/// renders HTML and the text may contain markup.
/// </summary>
public sealed record HighlightOptions
{
    /// <summary>Default <see cref="MaxLength"/>.</summary>
    public const int DefaultMaxLength = 200;

    /// <summary>Stored text fields to make snippets of; empty means every stored text field.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Longest snippet in characters of the source text (tags and ellipses not counted).</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Inserted before each highlighted term.</summary>
    public string PreTag { get; init; } = "<em>";

    /// <summary>Inserted after each highlighted term.</summary>
    public string PostTag { get; init; } = "</em>";

    /// <summary>Marks a cut at either end of the snippet.</summary>
    public string Ellipsis { get; init; } = "…";

    /// <summary>Throws naming the option, its value and the rule when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxLength is < 10 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, $"HighlightOptions.MaxLength is {MaxLength}; it must be between 10 and 100000.");
        }

        ArgumentNullException.ThrowIfNull(Fields, nameof(Fields));
        ArgumentNullException.ThrowIfNull(PreTag, nameof(PreTag));
        ArgumentNullException.ThrowIfNull(PostTag, nameof(PostTag));
        ArgumentNullException.ThrowIfNull(Ellipsis, nameof(Ellipsis));
    }
}
