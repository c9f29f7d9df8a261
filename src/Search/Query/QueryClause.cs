namespace OrleansSearch.Search.Query;

/// <summary>Whether a clause may, must or must not match.</summary>
internal enum Occur
{
    Should,
    Must,
    MustNot,
}

/// <summary>One parsed clause before analysis: [+|-][field:]word or [+|-][field:]"phrase".</summary>
/// <param name="Occur">How the clause combines.</param>
/// <param name="Field">The field named in the query, or null for the default (all text) fields.</param>
/// <param name="Text">The word or phrase text, unanalyzed.</param>
/// <param name="IsPhrase">Whether the text was quoted.</param>
/// <param name="Position">Character index where the clause starts, for error messages.</param>
internal sealed record QueryClause(Occur Occur, string? Field, string Text, bool IsPhrase, int Position);
