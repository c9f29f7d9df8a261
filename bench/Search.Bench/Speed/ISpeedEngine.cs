namespace OrleansSearch.Search.Bench.Speed;

/// <summary>What one engine reports after indexing a corpus file.</summary>
/// <param name="Documents">Documents indexed.</param>
/// <param name="IndexMilliseconds">Wall time from opening the corpus file to a searchable index.</param>
/// <param name="IndexBytes">The engine's own account of its index size (each engine says how it counts).</param>
internal sealed record IndexFigures(int Documents, double IndexMilliseconds, long IndexBytes);

/// <summary>
/// One engine under test. Corpus and query files are TSV (ordinal TAB text), written once and read by every
/// engine; each query is free text, OR of its analyzed terms, top 10, single-threaded.
/// </summary>
internal interface ISpeedEngine : IDisposable
{
    string Name { get; }

    /// <summary>How <see cref="IndexFigures.IndexBytes"/> is measured, for the report.</summary>
    string MemoryMeasure { get; }

    IndexFigures Index(string corpusPath);

    void LoadQueries(string queriesPath);

    /// <summary>Runs every loaded query once, in order; each query's latency in microseconds.</summary>
    double[] RunPass();

    /// <summary>Each loaded query's top-10 document ordinals, best first.</summary>
    long[][] TopDocuments();
}
