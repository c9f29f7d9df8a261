namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Turns text into the terms an index stores and a query looks up. Index time and query time
/// must use the same analyzer for a field, or terms will not meet.
/// </summary>
public interface IAnalyzer
{
    /// <summary>
    /// Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>. Positions count
    /// up from 0 within this text and keep gaps where tokens were removed (stopwords), so phrase
    /// queries do not match across a removed word.
    /// </summary>
    void Analyze(string text, List<Token> tokens);
}

/// <summary>One analyzed term, where it stands among the text's tokens and where it came from in the text.</summary>
/// <param name="Term">The normalized term (lowercased, folded, stemmed as the analyzer decides).</param>
/// <param name="Position">Token position, for phrase queries.</param>
/// <param name="StartOffset">First UTF-16 index of the source text this token came from, for highlighting.</param>
/// <param name="EndOffset">One past the last UTF-16 index of the source text.</param>
public readonly record struct Token(string Term, int Position, int StartOffset, int EndOffset);
