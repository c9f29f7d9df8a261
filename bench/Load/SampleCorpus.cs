using System.IO.Compression;
using System.Text;
using System.Text.Json;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Load.Bench;

/// <summary>
/// The gateway's bundled Debian catalog (src/McpGateway/SampleCorpus, copied next to the gateway's build output):
/// the index schema its documents fit, the first N documents, and searches made from their own short descriptions.
/// </summary>
internal static class SampleCorpus
{
    /// <summary>
    /// The sample index's fields as the gateway's embedded loader creates them (SampleCorpusLoader.Schema: tuned
    /// weights, title and summary roles, the popularity rank feature), keyword-only, and the cluster's default replicas.
    /// </summary>
    public static object IndexSchema(string name, int shards) => new
    {
        name,
        shards,
        fields = new object[]
        {
            new { name = "name", type = "text", boost = 0.25, role = "title" },
            new { name = "description", type = "text", boost = 1, role = "summary" },
            new { name = "long_description", type = "text", boost = 1.5 },
            new { name = "package", type = "keyword" },
            new { name = "maintainer", type = "keyword" },
            new { name = "section", type = "keyword" },
            new { name = "priority", type = "keyword" },
            new { name = "tags", type = "keyword" },
            new { name = "version", type = "keyword" },
            new { name = "homepage", type = "keyword" },
            new { name = "installed_size_kb", type = "number" },
            new { name = "popularity", type = "number", rank_feature = new { weight = 4, pivot = 10 } },
        },
    };

    /// <summary>The first <paramref name="count"/> packages as <c>{id, fields}</c> documents.</summary>
    public static async Task<IReadOnlyList<Dictionary<string, JsonElement>>> ReadAsync(int count)
    {
        string path = Path.Combine(Path.GetDirectoryName(BuiltApp.GatewayDll)!, "SampleCorpus", "debian-packages.jsonl.gz");
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var documents = new List<Dictionary<string, JsonElement>>(count);
        while (documents.Count < count && await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                documents.Add(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!);
            }
        }
        return documents;
    }

    /// <summary>A write body's document: the id apart, the package name also as the keyword <c>package</c>.</summary>
    public static object ToDocument(Dictionary<string, JsonElement> package)
    {
        var fields = new Dictionary<string, JsonElement>(package);
        fields.Remove("id");
        fields["package"] = package["name"];
        return new { id = package["id"].GetString(), fields };
    }

    /// <summary>
    /// Searches as someone looking for a package types them: the first words of <paramref name="count"/> loaded
    /// packages' short descriptions, letters and digits only (so no word turns into query syntax such as
    /// <c>-excluded</c> or <c>field:value</c>).
    /// </summary>
    public static IReadOnlyList<string> Queries(IReadOnlyList<Dictionary<string, JsonElement>> documents, int count)
    {
        var queries = new List<string>(count);
        int step = Math.Max(1, documents.Count / count);
        for (int i = 0; i < documents.Count && queries.Count < count; i += step)
        {
            string description = documents[i]["description"].GetString() ?? "";
            var plain = new StringBuilder(description.Length);
            foreach (char c in description)
            {
                plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
            }
            string query = string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
            if (query.Length > 0)
            {
                queries.Add(query);
            }
        }
        return queries;
    }
}
