using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OrleansSearch.Search.Bench.Analysis;
using OrleansSearch.Search.Bench.Query;
using OrleansSearch.Search.Bench.Relevance;
using OrleansSearch.Search.Bench.Snapshots;
using OrleansSearch.Search.Bench.Speed;

// `dotnet run -c Release --project bench/Search.Bench -- <benchmark> [BenchmarkDotNet options]`.
// A new benchmark class is one more line in this table.
var benchmarks = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
{
    ["analyzer"] = typeof(AnalyzerBenchmarks),
    ["query"] = typeof(QueryBenchmarks),
};

// Tools that measure something other than BenchmarkDotNet timings (relevance figures, ratios):
// one line each, arguments after the name.
var commands = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["relevance"] = RelevanceCommand.Run,
    ["snapshot"] = SnapshotCommand.Run,
    ["speed"] = SpeedCommand.Run,
};

if (args.Length > 0 && commands.TryGetValue(args[0], out Func<string[], int>? command))
{
    return command(args[1..]);
}

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out Type? benchmark))
{
    Console.Error.WriteLine($"usage: Search.Bench <{string.Join('|', [.. benchmarks.Keys, .. commands.Keys])}> [options]");
    return 2;
}

// The project file (Search.Bench.csproj) and the assembly (OrleansSearch.Search.Bench) have different names,
// so BenchmarkDotNet's out-of-process build cannot find the project: benchmarks run in this process.
string[] options = [.. args[1..], "--inProcess"];
Summary summary = BenchmarkRunner.Run(benchmark, args: options);
return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
