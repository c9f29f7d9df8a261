using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansSearch.McpGateway.Tests;

/// <summary>The bundled Debian package corpus, as copied to the gateway's output: well-formed and complete enough to demo.</summary>
public sealed partial class SampleCorpusTests
{
    private static readonly string[] Fields =
        ["id", "name", "description", "long_description", "maintainer", "section", "priority", "tags", "installed_size_kb", "version", "homepage", "popularity"];

    private static readonly Lazy<List<JsonElement>> Documents = new(Load);

    public static int DocumentCount => Documents.Value.Count;

    [Fact]
    public void The_corpus_is_copied_to_the_output_and_holds_a_catalog_sized_set_of_packages()
    {
        int count = Documents.Value.Count;
        Assert.InRange(count, 15_000, 60_000);
    }

    [Fact]
    public void Every_document_has_exactly_the_documented_fields_with_their_types()
    {
        foreach (var document in Documents.Value)
        {
            string id = document.GetProperty("id").GetString()!;
            Assert.Equal(Fields.Order(StringComparer.Ordinal), document.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(id, document.GetProperty("name").GetString());
            Assert.Matches(PackageName(), id);
            Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("description").GetString()), $"{id} has no description");
            Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("version").GetString()), $"{id} has no version");
            Assert.True(document.GetProperty("long_description").GetString()!.Length <= 602, $"{id}: long description not trimmed");
            Assert.True(document.GetProperty("installed_size_kb").GetInt64() >= 0, $"{id}: negative size");
            Assert.True(document.GetProperty("popularity").GetInt64() >= 0, $"{id}: negative popularity");
            Assert.All(document.GetProperty("tags").EnumerateArray(), tag => Assert.Contains("::", tag.GetString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Ids_are_unique_and_sorted()
    {
        var ids = Documents.Value.Select(d => d.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Well_known_programs_are_there_with_long_descriptions_and_tags_and_libraries_are_not()
    {
        var byId = Documents.Value.ToDictionary(d => d.GetProperty("id").GetString()!, StringComparer.Ordinal);
        foreach (string program in new[] { "curl", "python3", "postgresql", "prometheus", "vim" })
        {
            Assert.True(byId.ContainsKey(program), $"{program} is missing");
            Assert.NotEqual("", byId[program].GetProperty("long_description").GetString());
        }
        Assert.Contains("protocol::http", byId["curl"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain("libc6", byId.Keys);
        Assert.DoesNotContain("libssl-dev", byId.Keys);
        Assert.True(Documents.Value.Count(d => d.GetProperty("tags").GetArrayLength() > 0) > 5_000, "debtags should cover thousands of packages");
    }

    private static List<JsonElement> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "SampleCorpus", "debian-packages.jsonl.gz");
        Assert.True(File.Exists(path), $"{path} is not in the output: McpGateway.csproj should copy it");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var documents = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            documents.Add(JsonDocument.Parse(line).RootElement);
        }
        return documents;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.+-]+$")]
    private static partial Regex PackageName();
}
