using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansSearch.Silo.Storage.Tests.Support;

namespace OrleansSearch.Silo.Storage.Tests.Clustering;

/// <summary>
/// Our clustering SQL under Orleans' real ADO.NET clustering provider: silos join, see each other,
/// and a client finds their gateways through the same table.
/// </summary>
public sealed class AdoNetClusteringTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Two_silos_form_a_cluster_and_a_client_reaches_a_grain_through_the_table()
    {
        string database = await NewClusterDatabaseAsync();
        string clusterId = $"cluster-{Guid.NewGuid():N}";

        await using TestSilo first = await TestSilo.StartAsync(silo => Clustered(silo, database, clusterId));
        await using TestSilo second = await TestSilo.StartAsync(silo => Clustered(silo, database, clusterId));

        foreach (TestSilo silo in (TestSilo[])[first, second])
        {
            var management = silo.Grains.GetGrain<IManagementGrain>(0);
            Dictionary<SiloAddress, SiloStatus>? hosts = null;
            await Eventually.HoldsAsync(
                async () => (hosts = await management.GetHosts(onlyActive: true)).Count == 2,
                () => $"active silos: {Describe(hosts)}; warnings: {string.Join('\n', silo.Logs.AtLeast(LogLevel.Warning))}");
        }

        using IHost client = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(builder => builder
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = GrainStorageSetup.NpgsqlInvariant;
                    options.ConnectionString = database;
                })
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = TestSilo.ServiceId;
                }))
            .Build();
        await client.StartAsync();
        try
        {
            var ping = client.Services.GetRequiredService<IClusterClient>().GetGrain<IPingGrain>("storage");
            Assert.Equal("hello from storage", await ping.PingAsync("hello"));
        }
        finally
        {
            await client.StopAsync();
        }
    }

    [Fact]
    public async Task Cleanup_removes_defunct_dead_rows_only()
    {
        string database = await NewClusterDatabaseAsync();
        await using TestSilo silo = await TestSilo.StartAsync(builder => Clustered(builder, database, $"cluster-{Guid.NewGuid():N}"));
        var table = silo.Services.GetRequiredService<IMembershipTable>();
        DateTime now = DateTime.UtcNow;
        DateTimeOffset cutoff = now.AddHours(-1);
        // Dead long ago: goes. Dead long ago but suspected after the cut-off: stays (the provider's rule).
        MembershipEntry defunct = Entry(port: 1, SiloStatus.Dead, now.AddHours(-3));
        MembershipEntry recentlySuspected = Entry(port: 2, SiloStatus.Dead, now.AddHours(-3));
        recentlySuspected.SuspectTimes = [Tuple.Create(defunct.SiloAddress, now.AddMinutes(-1))];
        foreach (MembershipEntry entry in (MembershipEntry[])[defunct, recentlySuspected])
        {
            // The live silo writes the table too: retry on a lost version race.
            await Eventually.HoldsAsync(async () => await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()), () => $"insert of {entry.SiloAddress}");
        }
        // Votes are written by updates, never by the insert.
        await Eventually.HoldsAsync(async () =>
        {
            MembershipTableData data = await table.ReadAllAsync();
            string etag = data.Members.Single(m => m.Item1.SiloAddress.Equals(recentlySuspected.SiloAddress)).Item2;
            return await table.UpdateRowAsync(recentlySuspected, etag, data.Version.Next());
        }, () => $"update of {recentlySuspected.SiloAddress}");

        await table.CleanupDefunctSiloEntriesAsync(cutoff);

        MembershipTableData after = await table.ReadAllAsync();
        var addresses = after.Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.DoesNotContain(defunct.SiloAddress, addresses);
        Assert.Contains(recentlySuspected.SiloAddress, addresses);
        Assert.Contains(after.Members, m => m.Item1.SiloAddress.Equals(silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress));
    }

    private async Task<string> NewClusterDatabaseAsync()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("cluster"));
        await PostgresSchema.EnsureAsync(database);
        return database;
    }

    private static void Clustered(ISiloBuilder silo, string connectionString, string clusterId) =>
        TestSilo.OnLoopback(silo, clusterId).UseAdoNetClustering(options =>
        {
            options.Invariant = GrainStorageSetup.NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime time) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation: 1),
        Status = status,
        HostName = "gone-host",
        SiloName = $"gone-{port}",
        ProxyPort = 0,
        StartTime = time,
        IAmAliveTime = time,
    };

    private static string Describe(Dictionary<SiloAddress, SiloStatus>? hosts) =>
        hosts is null ? "(none yet)" : string.Join(", ", hosts.Select(h => $"{h.Key} {h.Value}"));
}
