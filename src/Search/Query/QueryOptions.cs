namespace OrleansSearch.Search.Query;

/// <summary>How the query string is read.</summary>
public enum QuerySyntax
{
    /// <summary>The query language: +required, -excluded, field:value, "phrases".</summary>
    Full,

    /// <summary>The whole string is free text: analyzed into terms, no operators (natural-language questions).</summary>
    Plain,
}

/// <summary>How clauses without + or - combine.</summary>
public enum DefaultOperator
{
    /// <summary>A document needs at least one of them (more matches score higher).</summary>
    Or,

    /// <summary>A document needs all of them.</summary>
    And,
}
