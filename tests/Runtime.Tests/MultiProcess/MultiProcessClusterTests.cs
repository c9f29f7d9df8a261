using System.Diagnostics;
using System.Globalization;
using OrleansSearch.Runtime.Diagnostics.Prometheus;
using OrleansSearch.Runtime.Client;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Tests.Grains;
using OrleansSearch.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Tests.MultiProcess;

/// <summary>Three silo processes on one throwaway PostgreSQL, a client calling across them, and a kill -9.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessClusterTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];
    private string _connectionString = "";
    private string _clusterId = "";

    public async Task InitializeAsync()
    {
        _clusterId = "mp-" + Guid.NewGuid().ToString("N")[..8];
        _connectionString = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("multiprocess"));
    }

    public Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }
        return Task.CompletedTask;
    }

    private SiloProcess StartSilo(string name) => Track(SiloProcess.Start(name,
    [
        $"--Silo:ClusterId={_clusterId}",
        "--Storage:Provider=Postgres",
        $"--Storage:ConnectionString={_connectionString}",
        $"--Grains:Assemblies:0={typeof(CounterGrain).Assembly.Location}",
        "--Membership:ProbeInterval=00:00:00.500",
        "--Membership:ProbeTimeout=00:00:00.500",
        "--Membership:RefreshInterval=00:00:00.250",
        "--Membership:IAmAliveInterval=00:00:00.500",
        "--Logging:LogLevel:Default=Warning",
    ]));

    private SiloProcess Track(SiloProcess silo)
    {
        _silos.Add(silo);
        return silo;
    }

    [Fact]
    public async Task Calls_continue_across_processes_after_one_is_killed_and_a_terminated_one_leaves_cleanly()
    {
        var first = StartSilo("p1");
        await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var others = new[] { StartSilo("p2"), StartSilo("p3") };
        await Task.WhenAll(others.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));

        await using var table = new SqlMembershipTable(SqlDialect.Postgres(_connectionString), _clusterId);
        await using var client = new ClusterClient(table, membership: new() { RefreshInterval = TimeSpan.FromMilliseconds(250) });
        await client.ConnectAsync();
        Assert.Equal(3, client.View.ActiveSilos.Count);

        const int grains = 30;
        var placement = new Dictionary<string, int>();
        for (int i = 0; i < grains; i++)
        {
            var counter = client.GetGrain<ICounterGrain>($"mp-{i}");
            Assert.Equal(i + 1, await counter.Add(i + 1));
            string silo = await counter.SiloName();
            placement[silo] = placement.GetValueOrDefault(silo) + 1;
        }
        Assert.Equal(3, placement.Count);
        await AssertEachSiloServesItsMetrics(client, [first, .. others], placement);

        var victim = others[0];
        var clock = Stopwatch.StartNew();
        victim.KillHard();
        for (int i = 0; i < grains; i++)
        {
            var counter = client.GetGrain<ICounterGrain>($"mp-{i}");
            Assert.Equal(i + 1, await counter.Get());
            Assert.Equal(2 * (i + 1), await counter.Add(i + 1));
        }
        output.WriteLine($"after kill -9 of {victim.Name} ({placement[victim.Name]} grains there): all {grains} grains answered with their state within {clock.Elapsed.TotalSeconds:0.00} s");
        var victimRow = (await table.ReadAllAsync(CancellationToken.None)).Entries.Single(e => e.Name == victim.Name);
        Assert.Equal(SiloStatus.Dead, victimRow.Status);

        var leaving = others[1];
        leaving.Terminate();
        await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(leaving.ExitCode == 0, $"SIGTERM should exit 0, got {leaving.ExitCode}:\n{leaving.Output}");
        var leavingRow = (await table.ReadAllAsync(CancellationToken.None)).Entries.Single(e => e.Name == leaving.Name);
        Assert.Equal(SiloStatus.Dead, leavingRow.Status);

        for (int i = 0; i < grains; i++)
        {
            var counter = client.GetGrain<ICounterGrain>($"mp-{i}");
            Assert.Equal(2 * (i + 1), await counter.Get());
            Assert.Equal("p1", await counter.SiloName());
        }
    }

    /// <summary>
    /// Each silo's <c>/metrics</c> reports the counter grains it activated, and the grain calls its own
    /// grains made: a four-grain chain makes three, wherever the grains landed.
    /// </summary>
    private static async Task AssertEachSiloServesItsMetrics(ClusterClient client, SiloProcess[] silos, Dictionary<string, int> counterPlacement)
    {
        Assert.Equal("a>b>c>d", await client.GetGrain<IChainGrain>("a").CallThrough(["chain:b", "chain:c", "chain:d"]));
        using var http = new HttpClient();
        double chainCalls = 0;
        foreach (var silo in silos)
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{silo.HttpPort}/metrics"));
            Assert.Equal(PrometheusMetricsExtensions.ContentType, response.Content.Headers.ContentType?.ToString());
            string text = await response.Content.ReadAsStringAsync();
            Assert.Equal(counterPlacement[silo.Name], SumOf(text, "orleanssearch_grain_activations", "grain_type=\"counter\"", $"silo=\"{silo.Name}\""));
            Assert.True(SumOf(text, "orleanssearch_messaging_received_messages_total", "kind=\"request\"") > 0, $"{silo.Name} received no requests:\n{text}");
            chainCalls += SumOf(text, "orleanssearch_grain_calls_total", "grain_type=\"chain\"", "outcome=\"ok\"");
        }
        Assert.Equal(3, chainCalls);
    }

    private static double SumOf(string exposition, string metric, params string[] labels) => exposition.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
