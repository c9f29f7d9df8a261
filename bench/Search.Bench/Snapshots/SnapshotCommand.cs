using System.Diagnostics;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Snapshots;

namespace OrleansSearch.Search.Bench.Snapshots;

/// <summary>
/// `Search.Bench snapshot`: SciFact in one shard; times re-indexing every document against
/// writing and loading its snapshot (median of 7 runs each) and prints the ratio.
/// </summary>
internal static class SnapshotCommand
{
    private const int Runs = 7;

    public static int Run(string[] args)
    {
        var dataset = BeirDataset.Load(Path.GetDirectoryName(SharedData.PathOf("scifact/corpus.jsonl.gz"))!);
        var shard = SciFactEvaluation.BuildShards(dataset, Analyzers.English, 1)[0];
        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, shard);
        var bytes = stream.ToArray();

        var reindex = Median(() => SciFactEvaluation.BuildShards(dataset, Analyzers.English, 1));
        var write = Median(() => ShardSnapshot.Write(Stream.Null, shard));
        var load = Median(() => ShardSnapshot.Read(bytes, shard.Schema));
        var loaded = ShardSnapshot.Read(bytes, shard.Schema).Index;
        Console.WriteLine(
            $"SciFact, 1 shard, {shard.DocumentCount} documents, snapshot {bytes.Length / 1024.0 / 1024.0:F1} MiB; memory {Mib(shard.MemoryUsage().Total)} MiB as indexed, " +
            $"{Mib(loaded.MemoryUsage().Total)} MiB loaded from the snapshot (packed postings)");
        Console.WriteLine($"re-index {reindex:F1} ms, snapshot write {write:F1} ms, snapshot load {load:F1} ms (median of {Runs}); load is {reindex / load:F1}x faster than re-indexing");
        ReportPostingsEncoding(loaded);
        return reindex / load >= 10 ? 0 : 1;
    }

    /// <summary>
    /// What the postings cost as int arrays (ordinal, frequency, position start: 12 bytes each)
    /// against delta-varint ordinals and varint frequencies without position starts, the
    /// alternative the index design measured before choosing int arrays.
    /// </summary>
    private static void ReportPostingsEncoding(ShardIndex shard)
    {
        long postings = 0, varintBytes = 0, positionBytes = 0;
        foreach (var field in shard.TextFields)
        {
            if (field is null)
            {
                continue;
            }

            foreach (var list in field.Terms.Values)
            {
                var previous = -1;
                var documents = list.Documents;
                var frequencies = list.Frequencies;
                for (var i = 0; i < documents.Length; i++)
                {
                    varintBytes += VarintLength(documents[i] - previous) + VarintLength(frequencies[i]);
                    previous = documents[i];
                }

                postings += documents.Length;
                positionBytes += list.PositionBytes.Length;
            }
        }

        Console.WriteLine(
            $"postings: {postings} (ordinal, frequency, position start as int arrays: {Mib(postings * 12)} MiB; delta/varint ordinals and frequencies: {Mib(varintBytes)} MiB); " +
            $"positions (varint deltas): {Mib(positionBytes)} MiB");
    }

    private static int VarintLength(int value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private static double Median(Action action)
    {
        action();
        var times = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[Runs / 2];
    }
}
