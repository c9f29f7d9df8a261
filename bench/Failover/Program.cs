using System.Globalization;
using OrleansSearch.Failover.Bench;

// Usage: dotnet bench/Failover/bin/Release/net10.0/OrleansSearch.Failover.Bench.dll [runs per profile, default 3]
int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
MembershipProfile[] profiles = [MembershipProfile.OrleansDefaults, MembershipProfile.Tuned];
var results = new Dictionary<MembershipProfile, List<double>>();
foreach (var profile in profiles)
{
    Console.WriteLine($"{profile.Name}: {profile.Describe()}");
    results[profile] = [];
    for (int run = 1; run <= runs; run++)
    {
        var recovery = await FailoverRun.MeasureAsync(profile, Console.Out);
        results[profile].Add(recovery.TotalSeconds);
        Console.WriteLine($"  run {run}: all {FailoverRun.Indexes * FailoverRun.ShardsPerIndex} shard grains answer {recovery.TotalSeconds:0.00} s after the kill");
    }
}

Console.WriteLine();
Console.WriteLine("| silo membership | runs | median s | min s | max s |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var profile in profiles)
{
    var seconds = results[profile].Order().ToList();
    double median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {profile.Name} | {seconds.Count} | {median:0.00} | {seconds[0]:0.00} | {seconds[^1]:0.00} |"));
}
return 0;
