using OrleansSearch.Silo.Storage;
using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansSearch.Silo.Hosting;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// The gateway's way into the cluster. Embedded: this process hosts one silo (the search grains, SQLite in the
/// data folder, the Orleans Dashboard) and calls it in-process. Cluster: an Orleans client that finds the
/// silos' gateways in PostgreSQL (or a fixed list), holds no state, and reconnects by itself as silos come and go.
/// </summary>
internal static partial class GatewayCluster
{
    public static void AddCluster(WebApplicationBuilder builder, GatewayOptions gateway)
    {
        var configuration = builder.Configuration;
        var identity = configuration.GetSection("Silo").Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        if (gateway.IsEmbedded)
        {
            string data = gateway.DataPath;
            Directory.CreateDirectory(data);
            var discarded = LegacyDataFolder.DiscardIfOldRuntime(data);
            builder.Services.AddSingleton(discarded);
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["Storage:ConnectionString"] = $"Data Source={Path.Combine(data, "orleans-search.db")}",
            });
            builder.UseOrleans(silo => silo
                // Loopback, no gateway port: nothing outside this process joins or calls this silo.
                .UseLocalhostClustering(gateway.EmbeddedSiloPort, gatewayPort: 0, serviceId: identity.ServiceId, clusterId: identity.ClusterId)
                .Configure<SiloOptions>(options => options.SiloName = "embedded")
                .AddSearchGrains(configuration)
                .AddActivityPropagation()
                .AddDashboard());
            return;
        }

        var cluster = configuration.GetSection("Cluster").Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        cluster.Validate();
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (cluster.Gateways.Count == 0 && !storage.IsPostgres)
        {
            throw new InvalidOperationException("Gateway:Mode is Cluster: set Storage:Provider=Postgres and Storage:ConnectionString (the silos' membership table), or list the silos' gateway endpoints in Cluster:Gateways.");
        }
        builder.UseOrleansClient(client =>
        {
            if (cluster.Gateways.Count > 0)
            {
                client.UseStaticClustering([.. cluster.Gateways.Select(IPEndPoint.Parse)]);
            }
            else
            {
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = storage.ConnectionString;
                });
            }
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = identity.ClusterId;
                options.ServiceId = identity.ServiceId;
            });
            client.Configure<Orleans.Configuration.GatewayOptions>(options => options.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);
            client.UseConnectionRetryFilter(RetryUntilStoppedAsync);
            // A search's trace continues from the HTTP request into every shard's grain call.
            client.AddActivityPropagation();
        });
    }

    /// <summary>A gateway started before its silos waits for them instead of exiting: the first connection is retried until the host stops.</summary>
    private static async Task<bool> RetryUntilStoppedAsync(Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
