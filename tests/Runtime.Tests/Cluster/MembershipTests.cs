using Microsoft.Extensions.Logging;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Testing;
using OrleansSearch.Runtime.Tests.Grains;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.Runtime.Tests.Cluster;

public sealed class MembershipTests
{
    [Fact]
    public async Task Silos_joining_at_once_all_become_active_through_CAS_retries()
    {
        var table = new MemoryMembershipTable();
        await using var cluster = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(), table);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cluster.StartSiloAsync()));
        await cluster.WaitForViewAsync(5);

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(5, snapshot.Entries.Count(e => e.Status == SiloStatus.Active));
    }

    [Fact]
    public async Task A_silo_declared_dead_stops_serving_at_once()
    {
        var table = new MemoryMembershipTable();
        await using var cluster = await TestCluster.StartAsync(2, TestSilos.WithTestGrains(), table);
        var victim = cluster.Silos[1];

        // Another writer declares the silo dead (as peers would after missed probes).
        while (true)
        {
            var snapshot = await table.ReadAllAsync(CancellationToken.None);
            var row = snapshot.Entries.Single(e => e.Address == victim.Address);
            if (await table.TryWriteAsync(row with { Status = SiloStatus.Dead }, snapshot.Version, CancellationToken.None))
            {
                break;
            }
        }

        await victim.Stopped.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(victim.WasFenced);
        Assert.Equal(SiloStatus.Dead, victim.Status);

        // The survivor serves every grain.
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(cluster.Silos[0].Name, await cluster.Client.GetGrain<ICounterGrain>($"after-fence-{i}").SiloName());
        }
    }

    [Fact]
    public async Task A_graceful_stop_ends_in_its_own_Dead_row_without_being_a_fencing()
    {
        var logs = new LogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var cluster = await TestCluster.StartAsync(2, TestSilos.WithTestGrains(more: builder => builder.UseLoggerFactory(loggerFactory)));
        var leaving = cluster.Silos[1];

        await cluster.StopSiloAsync(leaving);

        Assert.False(leaving.WasFenced);
        Assert.Equal(SiloStatus.Dead, (await cluster.MembershipTable.ReadAllAsync(CancellationToken.None)).Entries.Single(e => e.Address == leaving.Address).Status);
        Assert.Empty(logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_by_its_peers_within_the_detection_bound()
    {
        var table = new MemoryMembershipTable();
        await using var cluster = await TestCluster.StartAsync(3, TestSilos.WithTestGrains(), table);
        var victim = cluster.Silos[2];
        var started = System.Diagnostics.Stopwatch.StartNew();

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForViewAsync(2, TimeSpan.FromSeconds(10));

        var row = (await table.ReadAllAsync(CancellationToken.None)).Entries.Single(e => e.Address == victim.Address);
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.True(row.SuspectVotes.Count >= 1);
        // Test cluster: probes every 0.5 s, 3 misses → vote, 2 votes → dead.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"detection took {started.Elapsed}");
    }

    [Fact]
    public async Task A_restarted_endpoint_declares_its_older_generation_dead_instead_of_waiting_for_it()
    {
        var table = new MemoryMembershipTable();
        int port = FreePort();
        var now = DateTimeOffset.UtcNow;
        var previousGeneration = new SiloAddress("127.0.0.1", port, 1);
        await table.InitializeAsync(CancellationToken.None);
        Assert.True(await table.TryWriteAsync(new MembershipEntry(previousGeneration, "crashed", SiloStatus.Active, [], now, now), 0, CancellationToken.None));

        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(more: b => b.Silo.Port = port), table);

        var snapshot = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Dead, snapshot.Entries.Single(e => e.Address == previousGeneration).Status);
        Assert.Equal(SiloStatus.Active, snapshot.Entries.Single(e => e.Address == cluster.Silos[0].Address).Status);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"join took {started.Elapsed}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
