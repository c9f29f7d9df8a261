using System.Globalization;
using OrleansSearch.Gateway.Bench;

// Gateway queries/s and latency over REST and MCP, response cache off and on, against the engine alone, in one run.
// Usage: dotnet run -c Release --project bench/Gateway.Bench -- [seconds-per-point] [rounds]
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
return await GatewayBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds, Console.Out);
