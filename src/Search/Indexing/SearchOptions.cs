using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Indexing;

/// <summary>Limits and scoring parameters of a shard. Every shard of an index must use the same values.</summary>
public sealed record SearchOptions
{
    /// <summary>Default <see cref="MaxQueryLength"/>.</summary>
    public const int DefaultMaxQueryLength = 4096;

    /// <summary>Default <see cref="MaxClauses"/> (Lucene's default).</summary>
    public const int DefaultMaxClauses = 1024;

    /// <summary>Default <see cref="MaxResultWindow"/> (Elasticsearch's default).</summary>
    public const int DefaultMaxResultWindow = 10_000;

    /// <summary>Longest accepted query string, in UTF-16 characters.</summary>
    public int MaxQueryLength { get; init; } = DefaultMaxQueryLength;

    /// <summary>Most leaves (terms × fields, phrases, keyword values) a query may expand to.</summary>
    public int MaxClauses { get; init; } = DefaultMaxClauses;

    /// <summary>Largest offset + limit; deeper pages use the search-after cursor.</summary>
    public int MaxResultWindow { get; init; } = DefaultMaxResultWindow;

    /// <summary>BM25 k1 and b.</summary>
    public Bm25Parameters Bm25 { get; init; } = new();

    /// <summary>Throws naming the option, its value and the rule when a value is out of range.</summary>
    public void Validate()
    {
        Check(nameof(MaxQueryLength), MaxQueryLength, 1, 1_000_000);
        Check(nameof(MaxClauses), MaxClauses, 1, 100_000);
        Check(nameof(MaxResultWindow), MaxResultWindow, 1, 10_000_000);
        ArgumentNullException.ThrowIfNull(Bm25, nameof(Bm25));
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"SearchOptions.{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
