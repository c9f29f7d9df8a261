using System.Diagnostics;
using System.Globalization;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>Our <see cref="ShardIndex"/>: one text field, English analyzer (Porter2), BM25 with the given k1 and b.</summary>
internal sealed class OurEngine(double k1, double b) : ISpeedEngine
{
    private const string Field = "contents";

    private readonly IndexSchema _schema = new([FieldDefinition.Text(Field, Analyzers.English, stored: false)]);
    private readonly SearchOptions _options = new() { Bm25 = new Bm25Parameters(k1, b) };
    private ShardIndex? _shard;
    private SearchRequest[] _requests = [];

    public string Name => "ours";

    public string MemoryMeasure => "ShardIndex.MemoryUsage().Total after Compact() (array capacities, strings, dictionary entries)";

    /// <summary>Memory before <see cref="ShardIndex.Compact"/>, as documents were added.</summary>
    public long AsIndexedBytes { get; private set; }

    public IndexFigures Index(string corpusPath)
    {
        _shard = null;
        var start = Stopwatch.GetTimestamp();
        var shard = new ShardIndex(_schema, _options);
        foreach (var line in File.ReadLines(corpusPath))
        {
            var (ordinal, text) = WorkloadFiles.Parse(line);
            shard.Add(new SearchDocument(ordinal.ToString(CultureInfo.InvariantCulture)).Text(Field, text));
        }

        AsIndexedBytes = shard.MemoryUsage().Total;
        shard.Compact();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        _shard = shard;
        return new IndexFigures(shard.DocumentCount, elapsed, shard.MemoryUsage().Total);
    }

    public void LoadQueries(string queriesPath)
    {
        var texts = WorkloadFiles.ReadTexts(queriesPath);
        _requests = new SearchRequest[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            _requests[i] = new SearchRequest { Query = texts[i], Syntax = QuerySyntax.Plain, Limit = 10 };
        }
    }

    public double[] RunPass()
    {
        var shard = _shard ?? throw new InvalidOperationException("Index a corpus before running queries.");
        var latencies = new double[_requests.Length];
        for (var i = 0; i < _requests.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            shard.Search(_requests[i]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return latencies;
    }

    public long[][] TopDocuments()
    {
        var shard = _shard ?? throw new InvalidOperationException("Index a corpus before running queries.");
        var tops = new long[_requests.Length][];
        for (var i = 0; i < _requests.Length; i++)
        {
            var hits = shard.Search(_requests[i]).Hits;
            tops[i] = new long[hits.Count];
            for (var j = 0; j < hits.Count; j++)
            {
                tops[i][j] = long.Parse(hits[j].Id, CultureInfo.InvariantCulture);
            }
        }

        return tops;
    }

    public void Dispose() => _shard = null;
}
