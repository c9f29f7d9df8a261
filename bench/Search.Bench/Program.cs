using OrleansSearch.Search.Bench.Embeddings;
using OrleansSearch.Search.Bench.Vectors;

// `dotnet run -c Release --project bench/Search.Bench -- <benchmark> [options]`.
// A new benchmark is one more line in this table.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["hnsw"] = HnswComparison.Run,
    ["embedder"] = EmbedderThroughput.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out Func<string[], int>? benchmark))
{
    Console.Error.WriteLine($"usage: Search.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return benchmark(args[1..]);
