using System.Diagnostics;
using OrleansSearch.Cluster.Tests.Load;

namespace OrleansSearch.Cluster.Tests.Failover;

/// <summary>
/// The setting both failover tests share: three silo processes and a gateway process on PostgreSQL, a six-shard
/// index, four writers and two readers running. Dispose stops the load and kills every process.
/// </summary>
internal sealed class ShardedIndexUnderLoad : IAsyncDisposable
{
    public const string Index = "failover";
    public const int Shards = 6;
    public const int Writers = 4;
    public const int Readers = 2;

    private ShardedIndexUnderLoad(SiloProcessCluster cluster, HttpClient http, WriteReadLoad load)
    {
        Cluster = cluster;
        Http = http;
        Load = load;
    }

    public SiloProcessCluster Cluster { get; }

    public HttpClient Http { get; }

    public WriteReadLoad Load { get; }

    public static async Task<ShardedIndexUnderLoad> StartAsync(ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions { Silos = 3 });
        output.WriteLine($"3 silos and a gateway ready in {clock.Elapsed.TotalSeconds:0.0} s; logs in {cluster.LogDirectory}");
        var http = cluster.CreateGatewayClient();
        try
        {
            await GatewayApi.CreateIndexAsync(http, Index, Shards);
            var load = new WriteReadLoad(http, Index);
            load.Start(Writers, Readers);
            return new ShardedIndexUnderLoad(cluster, http, load);
        }
        catch
        {
            http.Dispose();
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A silo that hosts shards of the index now (the one with most), so losing it matters.</summary>
    public async Task<AppProcess> SiloHostingShardsAsync(ITestOutputHelper output)
    {
        var placement = await GatewayApi.ShardPlacementAsync(Http, Index);
        output.WriteLine("shard placement: " + string.Join(", ", placement.Select(p => $"{p.Shard}→{p.Silo}")));
        string busiest = placement.GroupBy(p => p.Silo).OrderByDescending(g => g.Count()).First().Key;
        return Cluster.Silo(busiest);
    }

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        Http.Dispose();
        await Cluster.DisposeAsync();
    }
}
