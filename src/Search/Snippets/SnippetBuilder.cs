using System.Text;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Snippets;

/// <summary>
/// Picks the best passage of a stored text and marks the query terms in it. The text is
/// re-analyzed with the field's analyzer, so a token matches exactly when the index would match
/// it (stemmed, folded), and the analyzer's offsets say which characters to mark.
/// </summary>
/// <remarks>
/// The best passage is the window of at most MaxLength characters, starting at a token, with
/// the most distinct query terms, then the most matching tokens, then the earliest start
/// (two-pointer scan, linear in the number of tokens).
/// </remarks>
internal sealed class SnippetBuilder
{
    private readonly List<Token> _tokens = [];
    private readonly Dictionary<string, int> _distinctInWindow = new(StringComparer.Ordinal);

    /// <summary>The snippet of <paramref name="text"/>, or null when no query term occurs in it.</summary>
    public string? Build(string text, IAnalyzer analyzer, IReadOnlySet<string> queryTerms, HighlightOptions options)
    {
        _tokens.Clear();
        analyzer.Analyze(text, _tokens);
        var matches = new List<Token>();
        foreach (var token in _tokens)
        {
            if (queryTerms.Contains(token.Term))
            {
                matches.Add(token);
            }
        }

        if (matches.Count == 0)
        {
            return null;
        }

        var (first, last) = BestWindow(matches, options.MaxLength);
        var (start, end) = Expand(text, matches[first].StartOffset, matches[last].EndOffset, options.MaxLength);
        var builder = new StringBuilder(end - start + 32);
        if (start > 0)
        {
            builder.Append(options.Ellipsis);
        }

        var cursor = start;
        for (var i = first; i <= last; i++)
        {
            var match = matches[i];
            if (match.StartOffset < cursor)
            {
                continue; // overlapping tokens (an analyzer emitting two terms for one span)
            }

            builder.Append(text, cursor, match.StartOffset - cursor)
                .Append(options.PreTag)
                .Append(text, match.StartOffset, match.EndOffset - match.StartOffset)
                .Append(options.PostTag);
            cursor = match.EndOffset;
        }

        builder.Append(text, cursor, end - cursor);
        if (end < text.Length)
        {
            builder.Append(options.Ellipsis);
        }

        return builder.ToString();
    }

    private (int First, int Last) BestWindow(List<Token> matches, int maxLength)
    {
        _distinctInWindow.Clear();
        var best = (First: 0, Last: 0, Distinct: 0, Count: 0);
        var last = -1;
        for (var first = 0; first < matches.Count; first++)
        {
            while (last + 1 < matches.Count && matches[last + 1].EndOffset - matches[first].StartOffset <= maxLength)
            {
                last++;
                _distinctInWindow[matches[last].Term] = _distinctInWindow.GetValueOrDefault(matches[last].Term) + 1;
            }

            if (last < first)
            {
                // A single match longer than the window: take it alone.
                last = first;
                _distinctInWindow[matches[first].Term] = _distinctInWindow.GetValueOrDefault(matches[first].Term) + 1;
            }

            var count = last - first + 1;
            if (_distinctInWindow.Count > best.Distinct || (_distinctInWindow.Count == best.Distinct && count > best.Count))
            {
                best = (first, last, _distinctInWindow.Count, count);
            }

            var term = matches[first].Term;
            if (--_distinctInWindow[term] == 0)
            {
                _distinctInWindow.Remove(term);
            }
        }

        return (best.First, best.Last);
    }

    /// <summary>Widens [start, end) around the matches to up to <paramref name="maxLength"/> characters, ending on word boundaries.</summary>
    private static (int Start, int End) Expand(string text, int start, int end, int maxLength)
    {
        var spare = maxLength - (end - start);
        if (spare <= 0)
        {
            return (start, end);
        }

        // Some context before the first match, the rest after the last one.
        var before = Math.Min(start, spare / 3);
        var newStart = start - before;
        var newEnd = Math.Min(text.Length, end + (spare - before));
        newStart = Math.Max(0, newStart - Math.Max(0, maxLength - (newEnd - newStart)));
        if (newStart > 0)
        {
            var boundary = newStart;
            while (boundary < start && !char.IsWhiteSpace(text[boundary - 1]))
            {
                boundary++;
            }

            newStart = boundary;
        }

        if (newEnd < text.Length)
        {
            var boundary = newEnd;
            while (boundary > end && !char.IsWhiteSpace(text[boundary]))
            {
                boundary--;
            }

            newEnd = boundary;
        }

        return (newStart, newEnd);
    }
}
