using System.Security.Cryptography;
using System.Text;
using OrleansSearch.Cluster.Tests.Load;

namespace OrleansSearch.Cluster.Tests.Dashboard;

/// <summary>
/// Three silo processes and a gateway, shared by the dashboard tests: silos know an admin key and a plain one,
/// and an index has been written and searched so the dashboard has shard grains and calls to show.
/// </summary>
public sealed class DashboardCluster : IAsyncLifetime
{
    public const string AdminKey = "dashboard-test-admin-key";
    public const string ReaderKey = "dashboard-test-reader-key";
    public const string Index = "dashboard";

    public SiloProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions
        {
            Silos = 3,
            SiloSettings = new Dictionary<string, string?>
            {
                ["Auth:Keys:0:Sha256"] = Sha256Hex(AdminKey),
                ["Auth:Keys:0:ClientId"] = "admin",
                ["Auth:Keys:0:Admin"] = "true",
                ["Auth:Keys:1:Sha256"] = Sha256Hex(ReaderKey),
                ["Auth:Keys:1:ClientId"] = "reader",
            },
        });
        using var http = Cluster.CreateGatewayClient();
        await GatewayApi.CreateIndexAsync(http, Index, shards: 6);
        for (int i = 0; i < 60; i++)
        {
            using var write = await GatewayApi.WriteAsync(http, Index, $"doc-{i}");
            await GatewayApi.EnsureAsync(write, "write");
        }
        for (int i = 0; i < 20; i++)
        {
            using var search = await GatewayApi.SearchAllAsync(http, Index, allowPartial: false);
            await GatewayApi.EnsureAsync(search, "search");
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
