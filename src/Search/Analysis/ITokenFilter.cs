namespace OrleansSearch.Search.Analysis;

/// <summary>
/// One normalization step of a <see cref="TextAnalyzer"/>: edits a token's term in place, or removes
/// the token. Filters are immutable and shared by every thread that analyzes text.
/// </summary>
internal interface ITokenFilter
{
    /// <summary>Normalizes <paramref name="term"/>; returns false to remove the token (its position stays used).</summary>
    bool Apply(TermBuffer term);
}
