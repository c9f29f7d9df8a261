using System.Diagnostics;
using System.Globalization;
using OrleansSearch.Evaluation;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>
/// `Search.Bench speed [--documents 1000000] [--queries 100] [--passes 5] [--warmup 3] [--synthetic-passes 2]
/// [--synthetic-warmup 1] [--seed 42]
/// [--k1 0.9] [--b 0.4] [--heap 6g] [--corpora scifact,synthetic] [--work DIR]`: ours, Lucene 8.8.1 and
/// SQLite FTS5 on SciFact and on a synthetic corpus fitted to it, in one run. Every engine reads the same
/// TSV files; indexing time, single-threaded top-10 latency (p50, p99) and index memory, each with its ratio
/// to Lucene, as Markdown. Query passes alternate engines (the first engine rotates every round), so load
/// from other processes on the machine falls on all of them alike.
/// </summary>
internal static class SpeedCommand
{
    private const double LatencyTarget = 1.0;
    private const double IndexingTarget = 1.5;

    public static int Run(string[] args)
    {
        var settings = SpeedSettings.Parse(args);
        if (settings is null)
        {
            return 2;
        }

        var work = settings.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"search-speed-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var dataset = BeirDataset.Load(Path.GetDirectoryName(SharedData.PathOf("scifact/corpus.jsonl.gz"))!);
            using var ours = new OurEngine(settings.K1, settings.B);
            using var lucene = new LuceneEngine(settings.K1, settings.B, settings.MaxHeap);
            using var sqlite = new SqliteFtsEngine();
            Console.WriteLine(
                $"speed: k1 {settings.K1}, b {settings.B} (FTS5: 1.2, 0.75 fixed); .NET {Environment.Version}, SQLite {sqlite.Version}, " +
                $"Lucene 8.8.1 on java {JavaVersion()}; {Environment.ProcessorCount} cores; SciFact {settings.WarmupPasses} warm-up + {settings.Passes} timed passes, " +
                $"synthetic {settings.SyntheticWarmupPasses} + {settings.SyntheticPasses} (FTS5: 0 + 1, its queries take seconds there)");
            var passed = true;
            foreach (var corpus in settings.Corpora)
            {
                var corpusPath = Path.Combine(work, corpus + ".corpus.tsv");
                var queriesPath = Path.Combine(work, corpus + ".queries.tsv");
                string title;
                int indexRuns;
                var generation = Stopwatch.StartNew();
                if (corpus == "scifact")
                {
                    SciFactWorkload.Write(dataset, corpusPath, queriesPath);
                    title = $"SciFact: {dataset.Corpus.Count:N0} documents (title + text), {dataset.Queries.Count} test queries";
                    indexRuns = 3;
                }
                else
                {
                    var synthetic = SyntheticWorkload.Fit(dataset, settings.Documents);
                    synthetic.WriteCorpus(corpusPath, settings.Documents, settings.Seed);
                    synthetic.WriteQueries(queriesPath, settings.Queries, settings.Seed);
                    var vocabulary = synthetic.Vocabulary;
                    title = $"Synthetic (seed {settings.Seed}): {settings.Documents:N0} documents, {settings.Queries} queries; " +
                        $"vocabulary {vocabulary.Words.Length:N0} words ({vocabulary.ObservedWords:N0} from SciFact, {vocabulary.ReliableRanks:N0} with observed counts ≥ {ZipfVocabulary.ReliableCount}), " +
                        $"tail fit count = {vocabulary.Constant:F0} · rank^-{vocabulary.Exponent:F3}, made-up words {vocabulary.MadeUpShare:P1} of draws; " +
                        $"mean {synthetic.MeanDocumentLength:F1} words/document, {synthetic.MeanQueryLength:F1} words/query; " +
                        $"written in {generation.Elapsed.TotalSeconds:F0} s, {new FileInfo(corpusPath).Length / 1048576.0:F0} MiB";
                    indexRuns = 1;
                }

                Console.WriteLine();
                Console.WriteLine($"### {title}");
                var big = corpus != "scifact";
                var (warmup, passes) = big ? (settings.SyntheticWarmupPasses, settings.SyntheticPasses) : (settings.WarmupPasses, settings.Passes);
                var measurements = Measure(
                    [new(lucene, warmup, passes), new(ours, warmup, passes), new(sqlite, big ? 0 : warmup, big ? 1 : passes)],
                    corpusPath, queriesPath, indexRuns);
                Console.WriteLine($"Lucene: {lucene.Segments} segment(s); ours: {Mib(ours.AsIndexedBytes)} MiB before Compact()");
                passed &= Report(measurements);
                File.Delete(corpusPath);
                File.Delete(queriesPath);
            }

            return passed ? 0 : 1;
        }
        finally
        {
            if (settings.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static List<EngineMeasurement> Measure(List<EngineMeasurement> engines, string corpusPath, string queriesPath, int indexRuns)
    {
        for (var run = 0; run < indexRuns; run++)
        {
            foreach (var engine in engines)
            {
                GC.Collect();
                var figures = engine.Engine.Index(corpusPath);
                engine.IndexRuns.Add(figures);
                Console.WriteLine($"  indexed {engine.Engine.Name}: {figures.Documents:N0} documents in {figures.IndexMilliseconds:F0} ms, {Mib(figures.IndexBytes)} MiB");
            }
        }

        foreach (var engine in engines)
        {
            engine.Engine.LoadQueries(queriesPath);
        }

        // Every engine's passes end in the last round; an engine with fewer passes (FTS5 on the big corpus) joins late.
        GC.Collect();
        var rounds = 0;
        foreach (var engine in engines)
        {
            rounds = Math.Max(rounds, engine.WarmupPasses + engine.TimedPasses);
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < engines.Count; i++)
            {
                var engine = engines[(round + i) % engines.Count];
                var first = rounds - engine.WarmupPasses - engine.TimedPasses;
                if (round < first)
                {
                    continue;
                }

                var latencies = engine.Engine.RunPass();
                var timed = round >= rounds - engine.TimedPasses;
                if (timed)
                {
                    engine.Latencies.AddRange(latencies);
                }

                Console.WriteLine($"  {(timed ? "timed" : "warm-up")} pass {round + 1} {engine.Engine.Name}: mean {latencies.Average():F0} µs");
            }
        }

        foreach (var engine in engines)
        {
            engine.Top = engine.Engine.TopDocuments();
        }

        return engines;
    }

    /// <summary>Prints the table (Lucene first, as the reference) and whether ours meets the targets.</summary>
    private static bool Report(List<EngineMeasurement> engines)
    {
        var lucene = engines[0];
        var ours = engines[1];
        Console.WriteLine();
        Console.WriteLine("| engine | index docs/s | index time | × Lucene | p50 µs | × Lucene | p99 µs | × Lucene | mean µs | memory MiB | × Lucene | top-10 overlap with Lucene |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var engine in engines)
        {
            Console.WriteLine(
                $"| {engine.Engine.Name} | {engine.DocumentsPerSecond:N0} | {engine.IndexMilliseconds / 1000:F2} s | {engine.IndexMilliseconds / lucene.IndexMilliseconds:F2} | " +
                $"{engine.Percentile(0.5):F0} | {engine.Percentile(0.5) / lucene.Percentile(0.5):F2} | {engine.Percentile(0.99):F0} | {engine.Percentile(0.99) / lucene.Percentile(0.99):F2} | " +
                $"{engine.MeanLatency:F0} | {Mib(engine.IndexBytes)} | {engine.IndexBytes / (double)lucene.IndexBytes:F2} | {engine.OverlapWith(lucene):P1} |");
        }

        Console.WriteLine();
        foreach (var engine in engines)
        {
            Console.WriteLine($"memory of {engine.Engine.Name}: {engine.Engine.MemoryMeasure}");
        }

        var latencyRatio = ours.Percentile(0.5) / lucene.Percentile(0.5);
        var indexingRatio = ours.IndexMilliseconds / lucene.IndexMilliseconds;
        Console.WriteLine(
            $"targets: p50 latency {latencyRatio:F2} × Lucene (≤ {LatencyTarget:F1}: {Verdict(latencyRatio <= LatencyTarget)}), " +
            $"indexing time {indexingRatio:F2} × Lucene (≤ {IndexingTarget:F1}: {Verdict(indexingRatio <= IndexingTarget)})");
        return latencyRatio <= LatencyTarget && indexingRatio <= IndexingTarget;
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string JavaVersion()
    {
        using var java = Process.Start(new ProcessStartInfo("java", ["-version"]) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start java.");
        var first = java.StandardError.ReadLine() ?? "";
        java.StandardError.ReadToEnd();
        java.WaitForExit();
        return first;
    }
}
