using OrleansSearch.Runtime.Bench;

// Grain call throughput and latency against a raw TCP request/response baseline, in one run.
// Usage: dotnet run -c Release --project bench/Runtime.Bench -- [seconds-per-point] [payload-bytes]
int seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
int payload = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 64;
return await CallBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), payload, Console.Out);
