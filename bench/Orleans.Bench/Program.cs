using System.Globalization;
using OrleansSearch.Orleans.Bench;

// Orleans grain calls (co-hosted, client → silo, silo → silo) against a raw TCP request/response baseline, in one run.
// Usage: dotnet run -c Release --project bench/Orleans.Bench -- [seconds-per-slice] [rounds] [payload-bytes]
double slice = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
int payload = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
return await OrleansBenchmark.RunAsync(TimeSpan.FromSeconds(slice), rounds, payload, Console.Out);
