using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>
/// Lucene 8.8.1 (Debian liblucene8-java) in a child JVM: bench/lucene/LuceneSpeedHarness.java, compiled by
/// bench/lucene/build.sh, driven over stdin/stdout one command and one JSON line at a time. EnglishAnalyzer
/// (possessive filter, Porter1, the same 33 stopwords), BM25Similarity(k1, b), ByteBuffersDirectory,
/// BooleanQuery of SHOULD term clauses, TopScoreDocCollector(10, totalHitsThreshold 1000).
/// </summary>
internal sealed class LuceneEngine : ISpeedEngine
{
    private readonly Process _java;

    public LuceneEngine(double k1, double b, string maxHeap)
    {
        var root = SharedData.FindRepositoryRoot()
            ?? throw new InvalidOperationException("The Lucene harness lives in bench/lucene of the repository, but no folder above the bench holds OrleansSearch.sln.");
        var classpath = RunToEnd("sh", Path.Combine(root.FullName, "bench", "lucene", "build.sh")).Trim();
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"-Xmx{maxHeap}", "-cp", classpath, "LuceneSpeedHarness",
                     k1.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        _java = Process.Start(start) ?? throw new InvalidOperationException("Could not start java.");
    }

    public string Name => "Lucene";

    public string MemoryMeasure => "sum of the ByteBuffersDirectory's file lengths after commit (the index as Lucene holds it in memory)";

    /// <summary>Segments in the searched index (Lucene flushes every 256 MB of indexing buffer; no forced merge).</summary>
    public int Segments { get; private set; }

    public IndexFigures Index(string corpusPath)
    {
        using var reply = Send($"index {corpusPath}");
        var root = reply.RootElement;
        Segments = root.GetProperty("segments").GetInt32();
        return new IndexFigures(root.GetProperty("documents").GetInt32(), root.GetProperty("indexMillis").GetDouble(), root.GetProperty("indexBytes").GetInt64());
    }

    public void LoadQueries(string queriesPath) => Send($"queries {queriesPath}").Dispose();

    public double[] RunPass()
    {
        using var reply = Send("pass");
        var micros = reply.RootElement.GetProperty("micros");
        var latencies = new double[micros.GetArrayLength()];
        var i = 0;
        foreach (var value in micros.EnumerateArray())
        {
            latencies[i++] = value.GetDouble();
        }

        return latencies;
    }

    public long[][] TopDocuments()
    {
        using var reply = Send("results");
        var tops = new List<long[]>();
        foreach (var query in reply.RootElement.GetProperty("top").EnumerateArray())
        {
            var top = new long[query.GetArrayLength()];
            var j = 0;
            foreach (var ordinal in query.EnumerateArray())
            {
                top[j++] = ordinal.GetInt64();
            }

            tops.Add(top);
        }

        return [.. tops];
    }

    public void Dispose()
    {
        if (!_java.HasExited)
        {
            _java.StandardInput.WriteLine("quit");
            _java.StandardInput.Close();
            if (!_java.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _java.Kill();
            }
        }

        _java.Dispose();
    }

    private JsonDocument Send(string command)
    {
        _java.StandardInput.WriteLine(command);
        _java.StandardInput.Flush();
        var line = _java.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"The Lucene harness exited (code {(_java.HasExited ? _java.ExitCode : -1)}) after \"{command}\"; see its stderr above.");
        return JsonDocument.Parse(line);
    }

    private static string RunToEnd(string fileName, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, [argument]) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{fileName} {argument} failed with exit code {process.ExitCode}.");
    }
}
