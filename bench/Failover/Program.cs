using System.Globalization;
using System.Runtime.InteropServices;
using OrleansSearch.Failover.Bench;

// Usage: dotnet bench/Failover/bin/Release/net10.0/OrleansSearch.Failover.Bench.dll [runs per profile, default 3]
int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
// Ctrl-C or SIGTERM ends the current run through its dispose, which kills the silos, the gateway and PostgreSQL;
// without this the runtime exits at the signal and leaves them running.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
MembershipProfile[] profiles = [MembershipProfile.OrleansDefaults, MembershipProfile.OrleansSiloDefaults, MembershipProfile.Tuned];
var results = new Dictionary<MembershipProfile, List<double>>();
foreach (var profile in profiles)
{
    Console.WriteLine($"{profile.Name}: {profile.Describe()}");
    results[profile] = [];
    for (int run = 1; run <= runs; run++)
    {
        TimeSpan recovery;
        try
        {
            recovery = await FailoverRun.MeasureAsync(profile, Console.Out, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopped by a signal; every process of the run was killed");
            return 130;
        }
        results[profile].Add(recovery.TotalSeconds);
        Console.WriteLine($"  run {run}: all {FailoverRun.Indexes * FailoverRun.ShardsPerIndex} shard grains answer {recovery.TotalSeconds:0.00} s after the kill");
    }
}

Console.WriteLine();
Console.WriteLine("| settings | runs | median s | min s | max s |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var profile in profiles)
{
    var seconds = results[profile].Order().ToList();
    double median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {profile.Name} | {seconds.Count} | {median:0.00} | {seconds[0]:0.00} | {seconds[^1]:0.00} |"));
}
return 0;
