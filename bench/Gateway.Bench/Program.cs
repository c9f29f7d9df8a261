using System.Globalization;
using OrleansSearch.Gateway.Bench;

// Gateway queries/s and latency over REST and MCP, response cache off and on, against the engine alone, in one run.
// Usage: dotnet run -c Release --project bench/Gateway.Bench -- [seconds-per-point] [rounds] [metadata|ids]
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string detail = args.Length > 2 ? args[2] : "metadata";
if (detail is not ("metadata" or "ids"))
{
    Console.Error.WriteLine($"detail is '{detail}'; use metadata (the gateway's default) or ids.");
    return 2;
}
return await GatewayBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds, detail, Console.Out);
