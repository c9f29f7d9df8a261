using System.Diagnostics;
using System.Globalization;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Placement;
using OrleansSearch.Runtime.Testing;

namespace OrleansSearch.Runtime.Bench;

/// <summary>
/// Measures calls/s and latency percentiles at several concurrencies for: the raw TCP baseline, a call
/// inside one silo, client → silo over loopback, and silo → silo; prints a Markdown table with each
/// figure as a ratio to the baseline at the same concurrency (machines are noisy: only the ratios
/// from one run are comparable).
/// </summary>
internal static class CallBenchmark
{
    private static readonly int[] Concurrencies = [1, 16, 256];

    public static async Task<int> RunAsync(TimeSpan duration, int payloadBytes, TextWriter output)
    {
        byte[] payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var results = new List<(string Scenario, int Concurrency, Measurement Result)>();

        await using (var raw = await RawEcho.StartAsync())
        {
            foreach (int concurrency in Concurrencies)
            {
                results.Add(("raw TCP request/response", concurrency, await MeasureAsync(_ => raw.CallAsync(payload), concurrency, duration, payload)));
            }
        }

        await using (var one = await TestCluster.StartAsync(1, ConfigureEcho))
        {
            var silo = one.Silos[0];
            foreach (int concurrency in Concurrencies)
            {
                results.Add(("(a) call inside one silo", concurrency, await MeasureAsync(worker => silo.GrainFactory.GetGrain<IEchoGrain>($"w{worker}").Echo(payload), concurrency, duration, payload)));
            }
            foreach (int concurrency in Concurrencies)
            {
                results.Add(("(b) client → silo (loopback)", concurrency, await MeasureAsync(worker => one.Client.GetGrain<IEchoGrain>($"w{worker}").Echo(payload), concurrency, duration, payload)));
            }
        }

        await using (var two = await TestCluster.StartAsync(2, ConfigureEcho))
        {
            var (caller, target) = (two.Silos[0], two.Silos[1]);
            var keys = KeysOwnedBy(target.Address, two.Client.View, 256);
            foreach (int concurrency in Concurrencies)
            {
                results.Add(("(c) silo → silo (loopback)", concurrency, await MeasureAsync(worker => caller.GrainFactory.GetGrain<IEchoGrain>(keys[worker]).Echo(payload), concurrency, duration, payload)));
            }
        }

        Report(results, payloadBytes, duration, output);
        return 0;
    }

    private static void ConfigureEcho(SiloBuilder builder) => builder.AddGrains(typeof(EchoGrain));

    private static string[] KeysOwnedBy(SiloAddress silo, ClusterView view, int count)
    {
        var keys = new List<string>(count);
        for (int i = 0; keys.Count < count; i++)
        {
            string key = $"remote-{i}";
            if (RendezvousPlacement.Owner(new GrainId("bench-echo", key), view) == silo)
            {
                keys.Add(key);
            }
        }
        return [.. keys];
    }

    private static async Task<Measurement> MeasureAsync(Func<int, Task<byte[]>> call, int concurrency, TimeSpan duration, byte[] expected)
    {
        // Warm up connections, activations and the JIT, and check the echo is right.
        for (int worker = 0; worker < concurrency; worker++)
        {
            byte[] echoed = await call(worker);
            if (!echoed.AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException("The echo came back different: the benchmark would measure a broken path.");
            }
        }
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 0.5);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (Stopwatch.GetTimestamp() < warmupEnd)
            {
                await call(worker);
            }
        }));

        var latencies = new List<long>[concurrency];
        long end = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * duration.TotalSeconds);
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<long>(1 << 16);
            while (true)
            {
                long before = Stopwatch.GetTimestamp();
                if (before >= end)
                {
                    return;
                }
                await call(worker);
                mine.Add(Stopwatch.GetTimestamp() - before);
            }
        }));
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(long[] sorted, double quantile)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1_000_000.0 / Stopwatch.Frequency;

    private static void Report(List<(string Scenario, int Concurrency, Measurement Result)> results, int payloadBytes, TimeSpan duration, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"Payload {payloadBytes} bytes, {duration.TotalSeconds:0} s per point, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine();
        output.WriteLine("| scenario | concurrency | calls/s | p50 µs | p99 µs | throughput ÷ raw | p50 ÷ raw | p99 ÷ raw |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (scenario, concurrency, result) in results)
        {
            var baseline = results.First(r => r.Concurrency == concurrency).Result;
            output.WriteLine(string.Create(culture, $"| {scenario} | {concurrency} | {result.CallsPerSecond:N0} | {result.P50Micros:0.0} | {result.P99Micros:0.0} | {result.CallsPerSecond / baseline.CallsPerSecond:0.00} | {result.P50Micros / baseline.P50Micros:0.00} | {result.P99Micros / baseline.P99Micros:0.00} |"));
        }
    }

    private sealed record Measurement(double CallsPerSecond, double P50Micros, double P99Micros);
}
