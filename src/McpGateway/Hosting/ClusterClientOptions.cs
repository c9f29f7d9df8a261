namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Cluster mode: how the gateway, an Orleans client, finds and talks to the silos. Configuration section
/// <c>Cluster</c>; the cluster itself is named by <c>Silo:ClusterId</c> / <c>Silo:ServiceId</c> as on the silos.
/// </summary>
public sealed class ClusterClientOptions
{
    /// <summary>
    /// Silo gateway endpoints (<c>host:port</c>) to use instead of the membership table — a fixed set of silos, or a
    /// test cluster. Empty (default): the gateway list is read from PostgreSQL (<c>Storage:ConnectionString</c>).
    /// </summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>
    /// How long a grain call may wait for its answer. A call sent to a silo that just died fails after this, so it
    /// bounds how long a failover is visible; 5 s measured a killed silo's grains answering again within 5.2 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the gateway list is re-read: a silo that joined gets traffic within this.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (ResponseTimeout <= TimeSpan.Zero || GatewayListRefreshPeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Cluster:ResponseTimeout ({ResponseTimeout}) and Cluster:GatewayListRefreshPeriod ({GatewayListRefreshPeriod}) must be positive.");
        }
        foreach (string gateway in Gateways)
        {
            if (!System.Net.IPEndPoint.TryParse(gateway, out var endpoint) || endpoint.Port == 0)
            {
                throw new InvalidOperationException($"Cluster:Gateways has '{gateway}'; each entry is an IP address and port, e.g. 127.0.0.1:30000.");
            }
        }
    }
}
