using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Embedded mode, first start: creates the <c>debian-packages</c> index and indexes the bundled catalog
/// (SampleCorpus/README.md) through the normal write path, logging progress. Later starts find it. When the
/// embedding model loads, the index also gets a <c>meaning</c> vector field embedded from each package's short
/// description, so semantic and hybrid search work on it; without the model it is a keyword-only index.
/// </summary>
internal sealed partial class SampleCorpusLoader(
    IOptions<GatewayOptions> options,
    ClusterConnection connection,
    IndexAdministration indexes,
    DocumentWriter writer,
    TextEmbedder embedder,
    IHostApplicationLifetime lifetime,
    SampleCorpusProgress progress,
    ILogger<SampleCorpusLoader> logger) : BackgroundService
{
    public const string IndexName = "debian-packages";
    private const int BatchSize = 500;

    /// <summary>Written to the data folder when the whole corpus is in: a later start without it resumes the load.</summary>
    internal const string CompleteMarkerFile = "sample-corpus.complete";

    /// <summary>
    /// One shard: the sample index lives in the embedded default's single silo, where more shards only add a grain
    /// call, a page conversion and a merge per query (bench/RESULTS.md: a 1-shard index serves about twice the
    /// queries/s of a 4-shard one there). A cluster's own indexes choose their shard count.
    /// </summary>
    public static readonly CreateIndexInput Schema = new(IndexName,
    [
        // Weights tuned on the judged questions (tests/McpGateway.Tests/Relevance, bench/RESULTS.md): a package name is
        // two or three words, so BM25's length normalisation made every name containing "web" or "server" outrank
        // nginx and apache2 at boost 3; the descriptions say what a package is for in the words people ask with.
        new FieldInput("name", "text", Boost: 0.25f, Role: "title"),
        new FieldInput("description", "text", Boost: 1, Role: "summary"),
        new FieldInput("long_description", "text", Boost: 1.5f),
        new FieldInput("package", "keyword"),
        new FieldInput("maintainer", "keyword"),
        new FieldInput("section", "keyword"),
        new FieldInput("priority", "keyword"),
        new FieldInput("tags", "keyword"),
        new FieldInput("version", "keyword"),
        new FieldInput("homepage", "keyword"),
        new FieldInput("installed_size_kb", "number"),
        // How much of Debian depends on or recommends the package (SampleCorpus/README.md): among packages that match
        // a query comparably well, the one people actually use comes first.
        new FieldInput("popularity", "number", RankFeature: new RankFeatureInput(Weight: 4, Pivot: 10)),
    ], Shards: 1);

    /// <summary>The short description says what a package is for in a few words: cheap to embed, and what a semantic query is about.</summary>
    public static readonly FieldInput SemanticField = new("meaning", "vector", EmbedFrom: ["description"]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEmbedded || !options.Value.LoadSampleCorpus)
        {
            return;
        }
        try
        {
            await connection.Connected.WaitAsync(stoppingToken);
            string completeMarker = Path.Combine(options.Value.DataPath, CompleteMarkerFile);
            int alreadyWritten = 0;
            var existing = await indexes.ListAsync();
            if (existing.Any(index => index.Name == IndexName))
            {
                if (File.Exists(completeMarker))
                {
                    LogPresent(logger, IndexName);
                    return;
                }
                // An earlier start stopped mid-load. Batches go in corpus order, one after another, so every
                // whole batch below the document count is in; the rest is written again (idempotent by id).
                long documents = (await indexes.DescribeAsync(IndexName)).Documents ?? 0;
                alreadyWritten = (int)(documents / BatchSize) * BatchSize;
                LogResuming(logger, IndexName, alreadyWritten);
            }
            else
            {
                bool semantic = await embedder.TryWarmUpAsync();
                if (!semantic)
                {
                    LogKeywordOnly(logger, IndexName);
                }
                await indexes.CreateAsync(semantic ? Schema with { Fields = [.. Schema.Fields, SemanticField] } : Schema);
            }
            await LoadAsync(alreadyWritten, stoppingToken);
            await File.WriteAllTextAsync(completeMarker, $"{IndexName} loaded {DateTimeOffset.UtcNow:O}\n", CancellationToken.None);
            progress.Complete();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-load: the next start finds the index without the marker and resumes.
        }
        catch (Exception exception) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            progress.Fail();
            LogFailed(logger, exception);
        }
    }

    private async Task LoadAsync(int alreadyWritten, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var batch = new List<DocumentInput>(BatchSize);
        int indexed = alreadyWritten;
        progress.Begin(alreadyWritten, await CountCorpusAsync(cancellationToken));
        int skipped = 0;
        await foreach (var document in ReadCorpusAsync(cancellationToken))
        {
            if (skipped < alreadyWritten)
            {
                skipped++;
                continue;
            }
            batch.Add(document);
            if (batch.Count == BatchSize)
            {
                indexed += await WriteAsync(batch);
                progress.Advance(indexed);
                LogProgress(logger, progress);
            }
        }
        if (batch.Count > 0)
        {
            indexed += await WriteAsync(batch);
        }
        LogDone(logger, indexed, IndexName, started.Elapsed.TotalSeconds);
    }

    /// <summary>The bundled catalog's packages as documents of <see cref="Schema"/>, in file order.</summary>
    internal static async IAsyncEnumerable<DocumentInput> ReadCorpusAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in ReadLinesAsync(cancellationToken))
        {
            yield return ToDocument(line);
        }
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "SampleCorpus", "debian-packages.jsonl.gz");
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    /// <summary>The number of documents in the bundled catalog (one per non-empty line): the total progress is measured against.</summary>
    internal static async Task<int> CountCorpusAsync(CancellationToken cancellationToken = default)
    {
        int count = 0;
        await foreach (var line in ReadLinesAsync(cancellationToken))
        {
            count++;
        }
        return count;
    }

    private async Task<int> WriteAsync(List<DocumentInput> batch)
    {
        var result = await writer.UpsertAsync(IndexName, new IndexDocumentsInput([.. batch]));
        batch.Clear();
        return result.Succeeded;
    }

    private static DocumentInput ToDocument(string line)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!;
        string id = fields["id"].GetString()!;
        fields.Remove("id");
        fields["package"] = fields["name"];
        return new DocumentInput(id, fields);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Sample corpus: index {Index} already present")]
    private static partial void LogPresent(ILogger logger, string index);

    [LoggerMessage(EventId = 35, Level = LogLevel.Information, Message = "Sample corpus: index {Index} is incomplete; resuming after the first {Documents} documents")]
    private static partial void LogResuming(ILogger logger, string index, int documents);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Indexing sample corpus: {Progress}")]
    private static partial void LogProgress(ILogger logger, SampleCorpusProgress progress);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Sample corpus ready: {Indexed} documents in index {Index} ({Seconds:0.0} s)")]
    private static partial void LogDone(ILogger logger, int indexed, string index, double seconds);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Sample corpus: the embedding model is unavailable, so index {Index} is created for keyword search only")]
    private static partial void LogKeywordOnly(ILogger logger, string index);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "Indexing the sample corpus failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
