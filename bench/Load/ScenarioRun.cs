using System.Globalization;
using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>
/// One scenario on a fresh cluster: capacity (measured, or known), then the load at the scenario's share of it,
/// the fault after <see cref="BenchOptions.FaultAt"/>, the load running on until its duration and at least
/// <see cref="TailAfterFault"/> past the fault's last step, and finally every acknowledged write read back.
/// </summary>
internal static class ScenarioRun
{
    /// <summary>Load kept running after a fault's last step, to see whether and when it recovers.</summary>
    private static readonly TimeSpan TailAfterFault = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ReadBackDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MemoryInterval = TimeSpan.FromSeconds(5);

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, BenchOptions options, double? knownCapacity, TextWriter log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        string loadBefore = LoadAverage();
        await using var cluster = await LoadCluster.StartAsync(options, log, cancellationToken);
        log.WriteLine($"  shards: {await cluster.DescribePlacementAsync()}");
        IReadOnlyList<CapacityStep> steps = [];
        double capacity;
        if (!scenario.IsCapacity && (options.Capacity ?? knownCapacity) is { } given)
        {
            capacity = given;
        }
        else
        {
            steps = await CapacitySearch.MeasureAsync(cluster, options, log);
            capacity = CapacitySearch.Capacity(steps);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  capacity: {capacity:0} searches/s (+ {options.WriteRate:0.#} writes/s)"));
            if (scenario.IsCapacity)
            {
                var last = steps[^1].Summary;
                return new ScenarioResult(scenario, capacity, capacity, options.WriteRate, last, [], 0, [], steps, [], startedAt, loadBefore, LoadAverage());
            }
            if (capacity == 0)
            {
                throw new InvalidOperationException("No rate was sustained: the cluster cannot take the lowest step.");
            }
        }

        double rate = Math.Max(1, Math.Round(capacity * scenario.CapacityShare));
        var duration = scenario.Soak ? options.SoakDuration : options.Duration;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load: {rate:0} searches/s ({options.McpShare:P0} MCP) + {options.WriteRate:0.#} writes/s over 2 gateways for {duration.TotalSeconds:0} s"));
        var mixed = MixedLoad.Create(cluster, rate, options, $"{scenario.Name}-");
        using var load = OpenLoopLoad.Start(mixed.Streams);
        var timeline = new FaultTimeline(load, log);
        using var memory = scenario.Soak ? MemorySampler.Start(cluster.Cluster, MemoryInterval, () => load.Elapsed) : null;
        if (scenario.Fault is { } fault)
        {
            await Task.Delay(options.FaultAt, cancellationToken);
            await fault(cluster, timeline, cancellationToken);
        }
        var end = timeline.End is { } faultEnd && faultEnd + TailAfterFault > duration ? faultEnd + TailAfterFault : duration;
        if (end > load.Elapsed)
        {
            await Task.Delay(end - load.Elapsed, cancellationToken);
        }
        var outcomes = await load.StopAsync();
        var samples = memory is null ? [] : await memory.StopAsync();
        var lost = await AcknowledgedWrites.FindLostAsync(cluster.Admin, LoadCluster.Index, [.. mixed.Writes.Acknowledged], ReadBackDeadline);
        return new ScenarioResult(scenario, capacity, rate, options.WriteRate, LoadSummary.Of(outcomes), timeline.Marks, mixed.Writes.Acknowledged.Count, lost,
            steps, samples, startedAt, loadBefore, LoadAverage());
    }

    /// <summary>The 1-minute load average: the machine is shared, so each result says how busy it was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
