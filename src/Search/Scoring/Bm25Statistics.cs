namespace OrleansSearch.Search.Scoring;

/// <summary>
/// The statistics one query needs, as a plain mergeable DTO: per text field the document count
/// and summed length, per (field, term) the document frequency. Statistics of shards add up
/// (<see cref="Add"/>), and the sum scores like one shard holding all documents.
/// </summary>
public sealed class Bm25Statistics : IBm25StatisticsProvider
{
    /// <summary>Field statistics by field name.</summary>
    public Dictionary<string, FieldStatistics> Fields { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Document frequency by field name, then term.</summary>
    public Dictionary<string, Dictionary<string, long>> DocumentFrequencies { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Sums statistics from several shards.</summary>
    public static Bm25Statistics Sum(IEnumerable<Bm25Statistics> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var total = new Bm25Statistics();
        foreach (var shard in shards)
        {
            total.Add(shard);
        }

        return total;
    }

    /// <summary>Adds <paramref name="other"/>'s counts into this instance.</summary>
    public void Add(Bm25Statistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (field, statistics) in other.Fields)
        {
            Fields[field] = Fields.TryGetValue(field, out var mine)
                ? new FieldStatistics(mine.DocumentCount + statistics.DocumentCount, mine.SumLength + statistics.SumLength)
                : statistics;
        }

        foreach (var (field, terms) in other.DocumentFrequencies)
        {
            if (!DocumentFrequencies.TryGetValue(field, out var mine))
            {
                mine = new Dictionary<string, long>(StringComparer.Ordinal);
                DocumentFrequencies.Add(field, mine);
            }

            foreach (var (term, frequency) in terms)
            {
                mine[term] = mine.GetValueOrDefault(term) + frequency;
            }
        }
    }

    /// <inheritdoc />
    public FieldStatistics GetFieldStatistics(string field) =>
        Fields.TryGetValue(field, out var statistics)
            ? statistics
            : throw new KeyNotFoundException($"The supplied statistics have nothing for field '{field}'; collect them for the same query from every shard.");

    /// <inheritdoc />
    public long GetDocumentFrequency(string field, string term) =>
        DocumentFrequencies.TryGetValue(field, out var terms) && terms.TryGetValue(term, out var frequency)
            ? frequency
            : throw new KeyNotFoundException($"The supplied statistics have no document frequency for {field}:{term}; collect them for the same query from every shard.");

    internal void SetField(string field, FieldStatistics statistics) => Fields[field] = statistics;

    internal void SetDocumentFrequency(string field, string term, long frequency)
    {
        if (!DocumentFrequencies.TryGetValue(field, out var terms))
        {
            terms = new Dictionary<string, long>(StringComparer.Ordinal);
            DocumentFrequencies.Add(field, terms);
        }

        terms[term] = frequency;
    }
}
