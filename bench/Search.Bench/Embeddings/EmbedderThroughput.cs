using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using OrleansSearch.Search.Embeddings;

namespace OrleansSearch.Search.Bench.Embeddings;

/// <summary>
/// Universal Sentence Encoder throughput on SciFact: the 300 test claims embedded one by one on one thread,
/// then as one batch (Parallel.For over all cores), then whole abstracts with EmbedDocument. Each pass checks
/// that the batch vectors equal the one-by-one vectors, so a faster but different path fails.
/// <code>Search.Bench embedder [--rounds 3] [--documents 300]</code>
/// </summary>
internal static class EmbedderThroughput
{
    public static int Run(string[] args)
    {
        var options = Arguments.Parse(args);
        int rounds = options.Int("rounds", 3);
        int documentCount = options.Int("documents", 300);

        var watch = Stopwatch.StartNew();
        UniversalSentenceEncoder encoder = UniversalSentenceEncoder.Load();
        Console.WriteLine($"model loaded (SHA-256 checked, unpacked in memory) in {watch.Elapsed.TotalSeconds:F2} s; {Environment.ProcessorCount} cores");

        string[] claims = ReadTexts(SharedData.PathOf("scifact/queries.test.jsonl"), gzip: false, int.MaxValue, "text");
        string[] abstracts = ReadTexts(SharedData.PathOf("scifact/corpus.jsonl.gz"), gzip: true, documentCount, "text");
        long claimTokens = claims.Sum(c => (long)Math.Min(encoder.Tokenize(c).Length, encoder.MaxTokens));
        long abstractTokens = abstracts.Sum(a => (long)encoder.Tokenize(a).Length);
        Console.WriteLine($"{claims.Length} claims ({claimTokens / (double)claims.Length:F1} tokens each), {abstracts.Length} abstracts ({abstractTokens / (double)abstracts.Length:F0} tokens each)");

        float[][] single = new float[claims.Length][];
        for (int round = 0; round <= rounds; round++)
        {
            watch.Restart();
            for (int i = 0; i < claims.Length; i++)
            {
                single[i] = encoder.Embed(claims[i]);
            }

            double singleSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            float[][] batch = encoder.Embed(claims);
            double batchSeconds = watch.Elapsed.TotalSeconds;
            for (int i = 0; i < claims.Length; i++)
            {
                if (!batch[i].AsSpan().SequenceEqual(single[i]))
                {
                    throw new InvalidOperationException($"Batch embedding of claim {i} differs from its single embedding.");
                }
            }

            watch.Restart();
            foreach (string text in abstracts)
            {
                encoder.EmbedDocument(text);
            }

            double documentSeconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{(round == 0 ? "warm-up" : $"round {round}")}: single thread {claims.Length / singleSeconds:F0} sentences/s ({claimTokens / singleSeconds:F0} tokens/s); "
                + $"batch {claims.Length / batchSeconds:F0} sentences/s; EmbedDocument {abstracts.Length / documentSeconds:F0} abstracts/s ({abstractTokens / documentSeconds:F0} tokens/s, 1 thread)");
        }

        return 0;
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
