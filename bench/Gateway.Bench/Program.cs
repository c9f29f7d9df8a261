using System.Globalization;
using OrleansSearch.Gateway.Bench;
using OrleansSearch.Gateway.Bench.Relevance;

// Gateway queries/s and latency over REST and MCP, response cache off and on, against the engine alone, in one run.
// Usage: dotnet run -c Release --project bench/Gateway.Bench -- [seconds-per-point] [rounds] [metadata|ids] [only]
// only: measure just the scenarios whose name contains it (and the engine), e.g. "REST, cache off" under a profiler.
// Or: dotnet run -c Release --project bench/Gateway.Bench -- relevance [options]: the judged Debian questions (CatalogRelevanceCommand).
if (args.Length > 0 && args[0] == "relevance")
{
    return await CatalogRelevanceCommand.RunAsync(args);
}
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string detail = args.Length > 2 ? args[2] : "metadata";
if (detail is not ("metadata" or "ids"))
{
    Console.Error.WriteLine($"detail is '{detail}'; use metadata (the gateway's default) or ids.");
    return 2;
}
string? only = args.Length > 3 ? args[3] : null;
return await GatewayBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds, detail, only, Console.Out);
