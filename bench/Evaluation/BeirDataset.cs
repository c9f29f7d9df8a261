using System.IO.Compression;
using System.Text.Json;

namespace OrleansSearch.Evaluation;

/// <summary>A document of a BEIR corpus.</summary>
internal sealed record BeirDocument(string Id, string Title, string Text);

/// <summary>A BEIR query.</summary>
internal sealed record BeirQuery(string Id, string Text);

/// <summary>
/// Reads a BEIR test collection (Thakur et al., 2021): corpus.jsonl(.gz) with _id, title, text;
/// queries.*.jsonl with _id, text; qrels/*.tsv with a header and query-id, corpus-id, score.
/// </summary>
internal sealed class BeirDataset
{
    private BeirDataset(List<BeirDocument> corpus, List<BeirQuery> queries, Dictionary<string, Dictionary<string, int>> judgments)
    {
        Corpus = corpus;
        Queries = queries;
        Judgments = judgments;
    }

    public List<BeirDocument> Corpus { get; }

    /// <summary>The queries that have judgments, in file order.</summary>
    public List<BeirQuery> Queries { get; }

    /// <summary>Relevance grade by query id, then document id.</summary>
    public Dictionary<string, Dictionary<string, int>> Judgments { get; }

    public static BeirDataset Load(string directory, string split = "test")
    {
        var corpus = new List<BeirDocument>();
        var corpusPath = Path.Combine(directory, "corpus.jsonl.gz");
        using (var file = File.OpenRead(corpusPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                corpus.Add(new BeirDocument(
                    root.GetProperty("_id").GetString()!,
                    root.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty,
                    root.GetProperty("text").GetString() ?? string.Empty));
            }
        }

        var judgments = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var first = true;
        foreach (var line in File.ReadLines(Path.Combine(directory, "qrels", split + ".tsv")))
        {
            if (first || line.Length == 0)
            {
                first = false;
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"qrels line '{line}' does not have 3 tab-separated columns.");
            }

            if (!judgments.TryGetValue(parts[0], out var grades))
            {
                grades = new Dictionary<string, int>(StringComparer.Ordinal);
                judgments.Add(parts[0], grades);
            }

            grades[parts[1]] = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        var queries = new List<BeirQuery>();
        foreach (var line in File.ReadLines(Path.Combine(directory, $"queries.{split}.jsonl")))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("_id").GetString()!;
            if (judgments.ContainsKey(id))
            {
                queries.Add(new BeirQuery(id, json.RootElement.GetProperty("text").GetString()!));
            }
        }

        return new BeirDataset(corpus, queries, judgments);
    }
}
