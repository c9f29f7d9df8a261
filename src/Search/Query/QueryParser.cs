using System.Text;

namespace OrleansSearch.Search.Query;

/// <summary>
/// Parses the query language: whitespace-separated clauses, each
/// <c>[+|-][field:](word | "quoted phrase")</c>. <c>+</c> requires, <c>-</c> excludes, unmarked
/// clauses are optional (OR) or required when the default operator is AND. A backslash escapes
/// the next character (<c>\:</c>, <c>\"</c>, <c>\+</c>). Errors carry the character position.
/// </summary>
internal static class QueryParser
{
    public static List<QueryClause> Parse(string query, QuerySyntax syntax, DefaultOperator defaultOperator, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > maxLength)
        {
            throw new QueryParseException(maxLength, $"the query is {query.Length} characters long; the limit is {maxLength}.");
        }

        var unmarked = defaultOperator == DefaultOperator.And ? Occur.Must : Occur.Should;
        var clauses = new List<QueryClause>();
        if (syntax == QuerySyntax.Plain)
        {
            SplitWords(query, unmarked, clauses);
            return clauses;
        }

        var text = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < query.Length && char.IsWhiteSpace(query[i]))
            {
                i++;
            }

            if (i == query.Length)
            {
                break;
            }

            var start = i;
            var occur = unmarked;
            if (query[i] is '+' or '-')
            {
                occur = query[i] == '+' ? Occur.Must : Occur.MustNot;
                i++;
                if (i == query.Length || char.IsWhiteSpace(query[i]))
                {
                    throw new QueryParseException(start, $"'{query[start]}' must be followed directly by a word or a quoted phrase.");
                }
            }

            string? field = null;
            if (query[i] != '"')
            {
                var wordStart = i;
                var colon = ReadWord(query, ref i, text, stopAtColon: true);
                if (colon)
                {
                    if (text.Length == 0)
                    {
                        throw new QueryParseException(wordStart, "':' needs a field name before it (escape it as '\\:' to search for a colon).");
                    }

                    field = text.ToString();
                    i++; // the colon
                    if (i == query.Length || char.IsWhiteSpace(query[i]))
                    {
                        throw new QueryParseException(wordStart, $"field '{field}' has no value after ':'.");
                    }
                }
                else
                {
                    clauses.Add(new QueryClause(occur, null, text.ToString(), false, start));
                    continue;
                }
            }

            if (query[i] == '"')
            {
                var quote = i;
                i++;
                text.Clear();
                var closed = false;
                while (i < query.Length)
                {
                    var c = query[i];
                    if (c == '\\' && i + 1 < query.Length)
                    {
                        text.Append(query[i + 1]);
                        i += 2;
                        continue;
                    }

                    i++;
                    if (c == '"')
                    {
                        closed = true;
                        break;
                    }

                    text.Append(c);
                }

                if (!closed)
                {
                    throw new QueryParseException(quote, "the quoted phrase is not closed with '\"'.");
                }

                if (i < query.Length && !char.IsWhiteSpace(query[i]))
                {
                    throw new QueryParseException(i, "a closing '\"' must be followed by whitespace or the end of the query.");
                }

                clauses.Add(new QueryClause(occur, field, text.ToString(), true, start));
            }
            else
            {
                ReadWord(query, ref i, text, stopAtColon: false);
                clauses.Add(new QueryClause(occur, field, text.ToString(), false, start));
            }
        }

        return clauses;
    }

    /// <summary>Free text: every whitespace-separated word is an unmarked clause, nothing is an operator.</summary>
    private static void SplitWords(string query, Occur occur, List<QueryClause> clauses)
    {
        var start = -1;
        for (var i = 0; i <= query.Length; i++)
        {
            if (i == query.Length || char.IsWhiteSpace(query[i]))
            {
                if (start >= 0)
                {
                    clauses.Add(new QueryClause(occur, null, query[start..i], false, start));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
    }

    /// <summary>Reads an unquoted word into <paramref name="text"/>; returns true when it stopped at an unescaped ':'.</summary>
    private static bool ReadWord(string query, ref int i, StringBuilder text, bool stopAtColon)
    {
        text.Clear();
        while (i < query.Length && !char.IsWhiteSpace(query[i]))
        {
            var c = query[i];
            if (c == '\\')
            {
                if (i + 1 == query.Length)
                {
                    throw new QueryParseException(i, "a trailing '\\' escapes nothing.");
                }

                text.Append(query[i + 1]);
                i += 2;
                continue;
            }

            if (c == ':' && stopAtColon)
            {
                return true;
            }

            if (c == '"')
            {
                throw new QueryParseException(i, "'\"' inside a word; put phrases in quotes separated by whitespace, or escape it as '\\\"'.");
            }

            text.Append(c);
            i++;
        }

        return false;
    }
}
