namespace OrleansSearch.Search.Query;

/// <summary>A query string that cannot be parsed or planned: where (character index) and why.</summary>
public sealed class QueryParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public QueryParseException(int position, string reason)
        : base($"Query error at position {position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Zero-based character index of the problem in the query string.</summary>
    public int Position { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Reason { get; }
}
