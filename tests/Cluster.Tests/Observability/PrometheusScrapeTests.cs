using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace OrleansSearch.Cluster.Tests.Observability;

/// <summary>
/// Issue 10, metrics: a real Prometheus scrapes three silo processes and a cluster-mode gateway every second and
/// sees the grain calls each silo served and the gateway's REST requests by route and status, a 5xx included;
/// <c>promtool check metrics</c> finds nothing wrong with our own metrics on any process.
/// </summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private const string Index = "scraped";
    private static readonly TimeSpan QueryDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Grain requests a silo's dispatcher received: the served side of a grain call (the caller's side is orleans_app_requests_*).</summary>
    private const string ServedGrainCalls = """orleans_messaging_processing_dispatcher_received_total{job="silo",Context="Grain",Direction="Request"}""";

    [Fact]
    public async Task Prometheus_sees_grain_calls_served_by_every_silo_and_gateway_requests_with_a_5xx()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions { Silos = 3 });
        var gateway = cluster.Gateway!;
        var silos = cluster.Silos.ToDictionary(silo => silo.HttpAddress.Authority, silo => silo.Name);
        await using var prometheus = await PrometheusServer.StartAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            ["silo"] = [.. silos.Keys],
            ["gateway"] = [gateway.HttpAddress.Authority],
        }, TimeSpan.FromSeconds(30));

        using var http = cluster.CreateGatewayClient();
        // Twelve shards over three silos: every silo hosts some (and serves the catalog's and the buckets' calls anyway).
        await GatewayApi.CreateIndexAsync(http, Index, shards: 12);
        for (int i = 0; i < 24; i++)
        {
            using var written = await GatewayApi.WriteAsync(http, Index, $"doc-{i}");
            await GatewayApi.EnsureAsync(written, "write");
        }
        using (var searched = await GatewayApi.SearchAllAsync(http, Index, allowPartial: false))
        {
            await GatewayApi.EnsureAsync(searched, "search");
        }

        var served = await prometheus.WaitForAsync($"sum by (instance) ({ServedGrainCalls})",
            result => result.Count == silos.Count && result.All(series => Value(series) > 0), QueryDeadline);
        foreach (var series in served)
        {
            output.WriteLine($"{silos[Label(series, "instance")]}: {Value(series)} grain requests served");
        }

        await CheckMetricsAsync(gateway, mustHave: "orleanssearch_gateway_requests_total");
        foreach (var silo in cluster.Silos)
        {
            await CheckMetricsAsync(silo, mustHave: null);
        }
        var shardLoads = await prometheus.WaitForAsync("""sum(orleanssearch_shard_load_duration_seconds_count{job="silo"})""",
            result => result.Count == 1 && Value(result[0]) >= 12, QueryDeadline);
        output.WriteLine($"shard loads recorded: {Value(shardLoads[0])}");

        // No silo left: the gateway cannot serve a search, and says so with a 5xx.
        foreach (var silo in cluster.Silos)
        {
            silo.Kill();
        }
        int status = await FirstServerErrorAsync(http, TimeSpan.FromSeconds(60));
        output.WriteLine($"search with every silo gone: HTTP {status}");

        string failedSearches = $$"""orleanssearch_gateway_requests_total{job="gateway",route="POST /v1/indexes/{index}/search",status="{{status}}"}""";
        var failed = await prometheus.WaitForAsync(failedSearches, result => result.Count == 1 && Value(result[0]) >= 1, QueryDeadline);
        output.WriteLine($"{failedSearches} = {Value(failed[0])}");
        var ok = await prometheus.QueryAsync("""orleanssearch_gateway_requests_total{job="gateway",route="POST /v1/indexes/{index}/documents",status="200"}""");
        Assert.True(ok.Count == 1 && Value(ok[0]) >= 24, $"Writes counted: [{string.Join(", ", ok)}]");
    }

    /// <summary>
    /// <c>promtool check metrics</c> on one process's exposition: Orleans' and .NET's own lint findings are
    /// reported (not ours to fix), any finding about <c>orleanssearch_*</c> fails the test.
    /// </summary>
    private async Task CheckMetricsAsync(AppProcess process, string? mustHave)
    {
        using var http = new HttpClient { BaseAddress = process.HttpAddress, Timeout = TimeSpan.FromSeconds(10) };
        string exposition = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        if (mustHave is not null)
        {
            Assert.Contains(mustHave, exposition, StringComparison.Ordinal);
        }
        var startInfo = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var promtool = Process.Start(startInfo)!;
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync();
        string[] findings = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine($"promtool on {process.Name}: exit {promtool.ExitCode}, {findings.Length} findings, none ours:");
        foreach (string finding in findings)
        {
            output.WriteLine("  " + finding);
        }
        var ours = findings.Where(line => line.Contains("orleanssearch", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(ours.Count == 0, $"promtool on {process.Name}:\n{string.Join('\n', ours)}");
    }

    private static async Task<int> FirstServerErrorAsync(HttpClient http, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (clock.Elapsed < deadline)
        {
            try
            {
                using var response = await GatewayApi.SearchAllAsync(http, Index, allowPartial: false);
                if ((int)response.StatusCode >= 500)
                {
                    return (int)response.StatusCode;
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"No 5xx from a search within {deadline.TotalSeconds:0} s of losing every silo (last: {last}).");
    }

    private static string Label(JsonElement series, string name) => series.GetProperty("metric").GetProperty(name).GetString()!;

    private static double Value(JsonElement series) => double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
