using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OrleansSearch.Search.Bench.Analysis;
using OrleansSearch.Search.Bench.Embeddings;
using OrleansSearch.Search.Bench.Query;
using OrleansSearch.Search.Bench.Relevance;
using OrleansSearch.Search.Bench.Snapshots;
using OrleansSearch.Search.Bench.Vectors;
using OrleansSearch.Search.Bench.Speed;

// `dotnet run -c Release --project bench/Search.Bench -- <benchmark> [options]`.
// A new benchmark is one more line in this table: a harness (own options) or a BenchmarkDotNet class.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["analyzer"] = options => RunBenchmarkDotNet(typeof(AnalyzerBenchmarks), options),
    ["query"] = options => RunBenchmarkDotNet(typeof(QueryBenchmarks), options),
    ["relevance"] = RelevanceCommand.Run,
    ["hybrid"] = HybridRelevanceCommand.Run,
    ["snapshot"] = SnapshotCommand.Run,
    ["hnsw"] = HnswComparison.Run,
    ["embedder"] = EmbedderThroughput.Run,
    ["vector-search"] = options => RunBenchmarkDotNet(typeof(VectorSearchBenchmarks), options),
    ["speed"] = SpeedCommand.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out Func<string[], int>? benchmark))
{
    Console.Error.WriteLine($"usage: Search.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return benchmark(args[1..]);

// The project file (Search.Bench.csproj) and the assembly (OrleansSearch.Search.Bench) have different names,
// so BenchmarkDotNet's out-of-process build cannot find the project: benchmarks run in this process.
static int RunBenchmarkDotNet(Type benchmark, string[] options)
{
    Summary summary = BenchmarkRunner.Run(benchmark, args: [.. options, "--inProcess"]);
    return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
}
