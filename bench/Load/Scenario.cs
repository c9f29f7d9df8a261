namespace OrleansSearch.Load.Bench;

/// <summary>
/// A named run: searches at <see cref="CapacityShare"/> of the measured capacity (plus the fixed write rate), and
/// optionally a fault injected after <see cref="BenchOptions.FaultAt"/>. A soak runs <see cref="BenchOptions.SoakDuration"/>
/// and samples every process's memory.
/// </summary>
internal sealed record Scenario(string Name, string Description, double CapacityShare, Func<LoadCluster, FaultTimeline, CancellationToken, Task>? Fault = null, bool Soak = false)
{
    public const string CapacityName = "capacity";

    public static readonly IReadOnlyList<Scenario> All =
    [
        new(CapacityName, "stepped open-loop rates: the highest with no failure, no partial answer and a median latency ≤ 500 ms", 0),
        new("steady-50", "steady load at 50 % of capacity", 0.5),
        new("steady-90", "steady load at 90 % of capacity", 0.9),
        new("overload", "open loop at 2x capacity", 2.0),
        new("kill-silo", "kill -9 of the silo hosting most shards, at 50 % of capacity", 0.5, Faults.KillSiloAsync),
        new("sigterm-silo", "SIGTERM of the silo hosting most shards (not restarted), at 50 % of capacity", 0.5, Faults.SigtermSiloAsync),
        new("rolling-restart", "rolling restart of all 3 silos (SIGTERM, exit, new silo, Active, next), at 50 % of capacity", 0.5, Faults.RollingRestartAsync),
        new("silo-join", "a 4th silo joins, at 50 % of capacity", 0.5, Faults.SiloJoinAsync),
        new("postgres-stop", "PostgreSQL stopped for 10 s, then started again, at 50 % of capacity", 0.5, Faults.PostgresStopAsync),
        new("kill-gateway", "kill -9 of one of the 2 gateways, then a new one on its address, at 50 % of capacity", 0.5, Faults.KillGatewayAsync),
        new("soak", "soak at 50 % of capacity, RSS of every process sampled", 0.5, Soak: true),
    ];

    public bool IsCapacity => Name == CapacityName;

    /// <summary>The scenarios named on the command line, in catalog order; <c>all</c> is every one but the soak.</summary>
    public static IReadOnlyList<Scenario> Select(IReadOnlyList<string> names)
    {
        var unknown = names.Where(name => name != "all" && All.All(scenario => scenario.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(s => s.Name))}, all.");
        }
        return [.. All.Where(scenario => names.Contains(scenario.Name) || (names.Contains("all") && !scenario.Soak))];
    }
}
