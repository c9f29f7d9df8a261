using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Bench.Embeddings;

/// <summary>
/// Universal Sentence Encoder throughput on two batches: package descriptions of the gateway's sample corpus
/// (what the embedded default embeds on first start, about 8 tokens each) and the 300 SciFact test claims
/// (about 27 tokens). Each round times the baseline, one text per call spread with Parallel.For (the batch path
/// before texts were packed), then the packed <see cref="UniversalSentenceEncoder.Embed(IReadOnlyList{string})"/>,
/// in wall and process CPU time, and checks that both give bit-identical vectors. Then whole SciFact abstracts
/// with EmbedDocument. Ratios are per round (baseline / packed); the table reports their median.
/// <code>Search.Bench embedder [--rounds 5] [--descriptions 4000] [--documents 100]</code>
/// </summary>
internal static class EmbedderThroughput
{
    public static int Run(string[] args)
    {
        var options = Arguments.Parse(args);
        int rounds = options.Int("rounds", 5);
        int descriptionCount = options.Int("descriptions", 4000);
        int documentCount = options.Int("documents", 100);

        var watch = Stopwatch.StartNew();
        UniversalSentenceEncoder encoder = UniversalSentenceEncoder.Load();
        Console.WriteLine($"model loaded (SHA-256 checked, unpacked in memory) in {watch.Elapsed.TotalSeconds:F2} s; {Environment.ProcessorCount} cores");

        string corpus = Path.Combine(SharedData.FindRepositoryRoot()?.FullName ?? ".", "src", "McpGateway", "SampleCorpus", "debian-packages.jsonl.gz");
        var workloads = new (string Name, string[] Texts)[]
        {
            ("package descriptions", ReadTexts(corpus, gzip: true, descriptionCount, "description")),
            ("SciFact claims", ReadTexts(SharedData.PathOf("scifact/queries.test.jsonl"), gzip: false, int.MaxValue, "text")),
        };
        string[] abstracts = ReadTexts(SharedData.PathOf("scifact/corpus.jsonl.gz"), gzip: true, documentCount, "text");

        foreach ((string name, string[] texts) in workloads)
        {
            double tokens = texts.Average(t => Math.Min(encoder.Tokenize(t).Length, encoder.MaxTokens));
            Console.WriteLine($"{name}: {texts.Length} texts, {tokens:F1} tokens each");
            var wallRatios = new List<double>();
            var cpuRatios = new List<double>();
            for (int round = 0; round <= rounds; round++)
            {
                (float[][] baseline, Measurement perText) = Measure(() =>
                {
                    var vectors = new float[texts.Length][];
                    Parallel.For(0, texts.Length, i => vectors[i] = encoder.Embed(texts[i]));
                    return vectors;
                });
                (float[][] packed, Measurement batch) = Measure(() => encoder.Embed(texts));
                for (int i = 0; i < texts.Length; i++)
                {
                    if (!packed[i].AsSpan().SequenceEqual(baseline[i]))
                    {
                        throw new InvalidOperationException($"The packed embedding of {name} text {i} differs from its one-text embedding.");
                    }
                }

                Console.WriteLine($"  {(round == 0 ? "warm-up" : $"round {round}")}: per text {texts.Length / perText.WallSeconds:F0} texts/s ({perText.CpuSeconds:F2} s CPU), "
                    + $"packed {texts.Length / batch.WallSeconds:F0} texts/s ({batch.CpuSeconds:F2} s CPU); "
                    + $"wall ×{perText.WallSeconds / batch.WallSeconds:F2}, CPU ×{perText.CpuSeconds / batch.CpuSeconds:F2}");
                if (round > 0)
                {
                    wallRatios.Add(perText.WallSeconds / batch.WallSeconds);
                    cpuRatios.Add(perText.CpuSeconds / batch.CpuSeconds);
                }
            }

            Console.WriteLine($"  median over {rounds} rounds: wall ×{Median(wallRatios):F2} (range {wallRatios.Min():F2}–{wallRatios.Max():F2}), CPU ×{Median(cpuRatios):F2} (range {cpuRatios.Min():F2}–{cpuRatios.Max():F2}); vectors bit-identical");
        }

        long abstractTokens = abstracts.Sum(a => (long)encoder.Tokenize(a).Length);
        for (int round = 0; round <= rounds; round++)
        {
            (_, Measurement documents) = Measure(() => abstracts.Select(encoder.EmbedDocument).ToArray());
            Console.WriteLine($"EmbedDocument, {abstracts.Length} abstracts of {abstractTokens / (double)abstracts.Length:F0} tokens, {(round == 0 ? "warm-up" : $"round {round}")}: "
                + $"{abstracts.Length / documents.WallSeconds:F1} abstracts/s ({abstractTokens / documents.WallSeconds:F0} tokens/s, {documents.CpuSeconds:F2} s CPU)");
        }

        return 0;
    }

    private readonly record struct Measurement(double WallSeconds, double CpuSeconds);

    private static (T Result, Measurement Measurement) Measure<T>(Func<T> work)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        T result = work();
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, new Measurement(wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string[] ReadTexts(string path, bool gzip, int limit, string field)
    {
        Stream stream = File.OpenRead(path);
        using var reader = new StreamReader(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        var texts = new List<string>();
        while (texts.Count < limit && reader.ReadLine() is { } line)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            string? text = json.RootElement.GetProperty(field).GetString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add(text);
            }
        }

        return [.. texts];
    }
}
