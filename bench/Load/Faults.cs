using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Load.Bench;

/// <summary>The faults the scenarios inject while the load runs; each marks its steps on the timeline.</summary>
internal static class Faults
{
    /// <summary>SIGTERM's drain limit in the silo host (45 s) plus room for a loaded machine.</summary>
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);

    /// <summary>How long the store is away in the PostgreSQL scenario (issue 9: "PostgreSQL stopped for 10 s").</summary>
    private static readonly TimeSpan StoreOutage = TimeSpan.FromSeconds(10);

    public static async Task KillSiloAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        var victim = await cluster.BusiestSiloAsync();
        string placement = await cluster.DescribePlacementAsync();
        timeline.Mark($"kill -9 {victim.Name} (shards {placement})");
        victim.Kill();
    }

    public static async Task SigtermSiloAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        var victim = await cluster.BusiestSiloAsync();
        string placement = await cluster.DescribePlacementAsync();
        timeline.Mark($"SIGTERM {victim.Name} (shards {placement})");
        int exitCode = await victim.StopGracefullyAsync(ExitDeadline);
        timeline.Mark($"{victim.Name} exited with {exitCode}");
    }

    /// <summary>Each of the silos running at the start in turn: SIGTERM, wait for its exit, start a new one, wait until it is Active.</summary>
    public static async Task RollingRestartAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        foreach (var silo in cluster.Cluster.Silos.Where(silo => !silo.HasExited).ToList())
        {
            timeline.Mark($"SIGTERM {silo.Name}");
            var replacement = await cluster.Cluster.RestartSiloAsync(silo, ExitDeadline, cancellationToken);
            timeline.Mark($"{silo.Name} exited; {replacement.Name} started and Active");
        }
        timeline.Mark($"rolling restart done (shards {await cluster.DescribePlacementAsync()})");
    }

    public static async Task SiloJoinAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        var joining = cluster.Cluster.StartSilo();
        timeline.Mark($"{joining.Name} starting");
        await joining.WaitUntilHealthyAsync("/health/ready", SiloProcessCluster.StartDeadline, cancellationToken);
        timeline.Mark($"{joining.Name} Active (shards {await cluster.DescribePlacementAsync()})");
    }

    public static async Task PostgresStopAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        timeline.Mark("PostgreSQL stopping (fast shutdown)");
        await cluster.Cluster.Postgres.StopAsync(cancellationToken);
        timeline.Mark("PostgreSQL stopped");
        // The outage's length is the scenario, not a wait for a condition.
        await Task.Delay(StoreOutage, cancellationToken);
        await cluster.Cluster.Postgres.StartAgainAsync(cancellationToken);
        timeline.Mark("PostgreSQL started again");
    }

    /// <summary>kill -9 of the second gateway (half of every stream's requests go there), then a new gateway on its address.</summary>
    public static async Task KillGatewayAsync(LoadCluster cluster, FaultTimeline timeline, CancellationToken cancellationToken)
    {
        var victim = cluster.Cluster.Gateways[^1];
        timeline.Mark($"kill -9 {victim.Name}");
        victim.Kill();
        var replacement = await cluster.Cluster.ReplaceGatewayAsync(victim, cancellationToken);
        timeline.Mark($"{replacement.Name} ready on {replacement.HttpAddress.Authority}");
    }
}
