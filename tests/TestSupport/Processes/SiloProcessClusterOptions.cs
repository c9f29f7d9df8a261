namespace OrleansSearch.Tests.Support.Processes;

/// <summary>What <see cref="SiloProcessCluster.StartAsync"/> starts.</summary>
public sealed class SiloProcessClusterOptions
{
    public int Silos { get; init; } = 3;

    /// <summary>A cluster-mode gateway process too, reading the silos' gateways from PostgreSQL.</summary>
    public bool StartGateway { get; init; } = true;

    /// <summary>How many cluster-mode gateways to start when <see cref="StartGateway"/> is set (<c>gateway-0</c>, <c>gateway-1</c>, …).</summary>
    public int Gateways { get; init; } = 1;

    /// <summary>Extra settings for every silo (<c>Membership:ProbeTimeout</c>, <c>Auth:Keys:0:Sha256</c>, …), applied last.</summary>
    public IReadOnlyDictionary<string, string?>? SiloSettings { get; init; }

    /// <summary>Extra settings for every gateway (<c>Cluster:ResponseTimeout</c>, …), applied last.</summary>
    public IReadOnlyDictionary<string, string?>? GatewaySettings { get; init; }

    /// <summary>Also the service id: a fresh one per cluster keeps runs apart even on a shared database.</summary>
    public string ClusterId { get; init; } = "proc-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// A password to put in every process's PostgreSQL connection string (the throwaway server trusts loopback and
    /// ignores it), for tests that prove it is never logged or printed.
    /// </summary>
    public string? DatabasePassword { get; init; }

    /// <summary>The folder under which this run's log folder is made; defaults to <c>TestResults/cluster-logs</c> in the output directory.</summary>
    public string? LogRoot { get; init; }
}
