using System.IO.Compression;
using System.Text.Json;

namespace OrleansSearch.Search.Bench.Analysis;

/// <summary>The SciFact corpus (BEIR): 5,183 abstracts as gzipped JSON lines with _id, title and text.</summary>
internal static class ScifactCorpus
{
    public const int DocumentCount = 5183;

    /// <summary>Each document's title and text, in file order.</summary>
    public static (string Title, string Text)[] Load()
    {
        string path = SharedData.PathOf("scifact/corpus.jsonl.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var documents = new List<(string, string)>(DocumentCount);
        while (reader.ReadLine() is { } line)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            documents.Add((root.GetProperty("title").GetString() ?? "", root.GetProperty("text").GetString() ?? ""));
        }

        return documents.Count == DocumentCount
            ? documents.ToArray()
            : throw new InvalidDataException($"{path} has {documents.Count} documents; SciFact has {DocumentCount}.");
    }
}
