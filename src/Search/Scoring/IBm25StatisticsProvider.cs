namespace OrleansSearch.Search.Scoring;

/// <summary>
/// Where BM25 reads its collection statistics. A shard scores with its own statistics by
/// default; the gateway can instead sum every shard's <see cref="Bm25Statistics"/> and hand the
/// total to each shard, so N shards rank exactly like one shard holding all documents.
/// </summary>
public interface IBm25StatisticsProvider
{
    /// <summary>Documents with the field and the sum of their field lengths (tokens).</summary>
    FieldStatistics GetFieldStatistics(string field);

    /// <summary>Number of documents whose <paramref name="field"/> contains <paramref name="term"/>.</summary>
    long GetDocumentFrequency(string field, string term);
}

/// <summary>Statistics of one text field over a collection.</summary>
/// <param name="DocumentCount">Live documents with at least one token in the field.</param>
/// <param name="SumLength">Sum of the token counts of the field over those documents.</param>
public readonly record struct FieldStatistics(long DocumentCount, long SumLength);
