using System.Globalization;
using System.Security.Cryptography;
using OrleansSearch.Embeddings;
using OrleansSearch.Evaluation;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.Search.Hybrid;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Gateway.Bench.Relevance;

/// <summary>
/// `Gateway.Bench relevance`: the hand-judged Debian questions (tests/McpGateway.Tests/Relevance/debian-judgments.json)
/// against the sample index as the gateway defines it (<see cref="SampleCorpusLoader.Schema"/>, its document mapping,
/// one shard), in keyword, semantic and hybrid mode (RRF over the best <see cref="GatewayLimits.DefaultHybridWindow"/> of
/// each side, as the gateway fuses), printing MRR@10 and success@5. Options override the sample index's settings, to
/// compare weightings: <c>--boosts name,description,long_description</c>, <c>--popularity weight,pivot</c> (weight 0:
/// no rank feature), <c>--modes keyword,semantic,hybrid</c>, <c>--per-query</c>. Description vectors are embedded once
/// and kept in the temporary folder.
/// </summary>
internal static class CatalogRelevanceCommand
{
    private const int Depth = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args);
        string judgmentsPath = options.GetValueOrDefault("judgments") ?? FindJudgments();
        var queries = JudgedQueries.Load(judgmentsPath);
        var definition = Configure(SampleCorpusLoader.Schema, options);
        var modes = (options.GetValueOrDefault("modes") ?? "keyword,semantic,hybrid").Split(',');
        bool semantic = modes.Any(mode => mode != "keyword");
        if (semantic)
        {
            definition = definition with { Fields = [.. definition.Fields, SampleCorpusLoader.SemanticField] };
        }

        var spec = IndexAdministration.ToSpec(definition);
        var schema = IndexSchemaFactory.Build(spec);
        var mapper = new DocumentMapper(spec, schema);
        var index = new ShardIndex(schema, new SearchOptions { Bm25 = new Bm25Parameters(spec.K1, spec.B) });
        var documents = new List<McpGateway.Api.DocumentInput>();
        await foreach (var document in SampleCorpusLoader.ReadCorpusAsync())
        {
            documents.Add(document);
        }
        UniversalSentenceEncoder? encoder = semantic ? await UniversalSentenceEncoder.LoadAsync() : null;
        var vectors = encoder is null ? null : DescriptionVectors(encoder, documents);
        for (int i = 0; i < documents.Count; i++)
        {
            var searchDocument = mapper.ToSearchDocument(documents[i].Id, documents[i].Fields);
            if (vectors is not null)
            {
                searchDocument.Vector(SampleCorpusLoader.SemanticField.Name, vectors[i]);
            }
            index.Add(searchDocument);
        }

        Console.WriteLine($"{queries.Count} judged queries ({judgmentsPath}), {index.DocumentCount} packages; boosts {string.Join('/', definition.Fields.Where(f => f.Type == "text").Select(f => $"{f.Name} {f.Boost}"))}; " +
            $"popularity {(definition.Fields.First(f => f.Name == "popularity").RankFeature is { } feature ? $"weight {feature.Weight}, pivot {feature.Pivot}" : "not a rank feature")}");
        Console.WriteLine("| mode | MRR@10 | success@5 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (string mode in modes)
        {
            var rankings = queries.ConvertAll(query => Rank(index, mode, query.Query, encoder));
            var figures = JudgedQueries.Evaluate(queries, rankings);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {mode} | {figures.MrrAt10:F3} | {figures.SuccessAt5:F3} |"));
            if (options.ContainsKey("per-query"))
            {
                for (int i = 0; i < queries.Count; i++)
                {
                    Console.WriteLine($"    {JudgedQueries.ReciprocalRank(rankings[i], queries[i]):F2}  {queries[i].Query}: {string.Join(", ", rankings[i].Take(5))}");
                }
            }
        }
        return 0;
    }

    /// <summary>The top <see cref="Depth"/> ids of one query, ranked as the gateway ranks the mode.</summary>
    private static List<string> Rank(ShardIndex index, string mode, string query, UniversalSentenceEncoder? encoder)
    {
        int window = GatewayLimits.DefaultHybridWindow;
        List<RankedHit> Keyword(int depth) => index.Search(new SearchRequest { Query = query, Limit = depth }).Hits.Select(hit => new RankedHit(hit.Id, hit.Score)).ToList();
        List<RankedHit> Semantic(int depth) => index.Search(new SearchRequest
        {
            Query = "",
            Limit = depth,
            Nearest = new NearestVector(SampleCorpusLoader.SemanticField.Name, encoder!.Embed(query)),
        }).Hits.Select(hit => new RankedHit(hit.Id, hit.Score)).ToList();
        var ranked = mode switch
        {
            "keyword" => Keyword(Depth),
            "semantic" => Semantic(Depth),
            "hybrid" => [.. ReciprocalRankFusion.Fuse([Keyword(window), Semantic(window)], ReciprocalRankFusion.DefaultK, Depth)],
            _ => throw new ArgumentException($"mode '{mode}'; use keyword, semantic or hybrid."),
        };
        return ranked.ConvertAll(hit => hit.Id);
    }

    /// <summary>The sample index's definition with the text boosts and the popularity rank feature the options name.</summary>
    private static CreateIndexInput Configure(CreateIndexInput definition, Dictionary<string, string?> options)
    {
        var fields = definition.Fields.ToList();
        if (options.GetValueOrDefault("boosts") is { } boosts)
        {
            string[] names = ["name", "description", "long_description"];
            var values = boosts.Split(',').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
            for (int i = 0; i < names.Length; i++)
            {
                int at = fields.FindIndex(field => field.Name == names[i]);
                fields[at] = fields[at] with { Boost = values[i] };
            }
        }
        if (options.GetValueOrDefault("popularity") is { } popularity)
        {
            var values = popularity.Split(',').Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
            int at = fields.FindIndex(field => field.Name == "popularity");
            fields[at] = fields[at] with { RankFeature = values[0] == 0 ? null : new RankFeatureInput(values[0], values[1]) };
        }
        return definition with { Fields = fields };
    }

    /// <summary>Every package's description embedded as the loader embeds it, cached by the descriptions' hash.</summary>
    private static float[][] DescriptionVectors(UniversalSentenceEncoder encoder, List<McpGateway.Api.DocumentInput> documents)
    {
        var descriptions = documents.ConvertAll(document => document.Fields["description"].GetString()!);
        string key = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', descriptions))))[..16];
        string cache = Path.Combine(Path.GetTempPath(), $"orleans-search-description-vectors-{key}.bin");
        if (File.Exists(cache))
        {
            var bytes = File.ReadAllBytes(cache);
            var cached = new float[descriptions.Count][];
            for (int i = 0; i < cached.Length; i++)
            {
                cached[i] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * encoder.Dimension * sizeof(float), encoder.Dimension * sizeof(float))).ToArray();
            }
            return cached;
        }
        Console.WriteLine($"Embedding {descriptions.Count} descriptions (cached in {cache} for the next run)...");
        var vectors = encoder.Embed(descriptions);
        using (var file = File.Create(cache))
        {
            foreach (var vector in vectors)
            {
                file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
            }
        }
        return vectors;
    }

    private static string FindJudgments()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "McpGateway.Tests", "Relevance", "debian-judgments.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tests/McpGateway.Tests/Relevance/debian-judgments.json not found above the bench's folder; pass --judgments <path>.");
    }

    private static Dictionary<string, string?> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i].TrimStart('-');
            options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        }
        return options;
    }
}
