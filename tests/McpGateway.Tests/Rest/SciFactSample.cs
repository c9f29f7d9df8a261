using System.IO.Compression;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Reads documents and queries of BEIR SciFact from shared/data beside the repository (never copied into it).</summary>
internal static class SciFactSample
{
    public static string Directory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "OrleansSearch.sln")))
                {
                    string beside = Path.Combine(folder.FullName, "..", "shared", "data", "scifact");
                    if (System.IO.Directory.Exists(beside))
                    {
                        return beside;
                    }
                }
            }
            return System.IO.Directory.Exists("/work/shared/data/scifact")
                ? "/work/shared/data/scifact"
                : throw new DirectoryNotFoundException("shared/data/scifact is not beside the repository.");
        }
    }

    public static List<(string Id, string Title, string Text)> Documents(int count)
    {
        using var file = File.OpenRead(Path.Combine(Directory, "corpus.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var documents = new List<(string, string, string)>(count);
        while (documents.Count < count && reader.ReadLine() is { } line)
        {
            var json = JsonDocument.Parse(line).RootElement;
            documents.Add((json.GetProperty("_id").GetString()!, json.GetProperty("title").GetString()!, json.GetProperty("text").GetString()!));
        }
        return documents;
    }

    public static List<string> Queries(int count)
        => File.ReadLines(Path.Combine(Directory, "queries.test.jsonl")).Take(count)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!).ToList();
}
