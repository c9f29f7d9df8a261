using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansSearch.Cluster.Tests.Load;

namespace OrleansSearch.Cluster.Tests.Dashboard;

/// <summary>
/// The Orleans Dashboard of one silo of a three-silo process cluster, with an index loaded and searched: only an
/// admin key opens it, and a real browser (Debian's chromium, headless) shows the three silos and the shard grains.
/// </summary>
public sealed class DashboardTests(DashboardCluster fixture, ITestOutputHelper output) : IClassFixture<DashboardCluster>
{
    private const string ShardGrainType = "OrleansSearch.Grains.Documents.ShardGrain";
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string AdminKey = DashboardCluster.AdminKey;
    private const string ReaderKey = DashboardCluster.ReaderKey;

    private SiloProcessCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Only_an_admin_key_opens_the_dashboard()
    {
        using var http = new HttpClient { BaseAddress = Cluster.Silos[0].HttpAddress };
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/dashboard", key: null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/dashboard/", key: null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/dashboard/DashboardCounters", key: null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/dashboard/", ReaderKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/dashboard/DashboardCounters", ReaderKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/dashboard/", AdminKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/dashboard/DashboardCounters", AdminKey));
    }

    [Fact]
    public async Task Counters_list_the_three_silos_and_the_shard_grains_with_calls()
    {
        // The counters cover recent calls only, so searches keep going while the test reads them.
        using var gateway = Cluster.CreateGatewayClient();
        await using var load = new WriteReadLoad(gateway, DashboardCluster.Index);
        load.Start(writers: 1, readers: 2);
        using var http = new HttpClient { BaseAddress = Cluster.Silos[0].HttpAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
        // The dashboard aggregates silo reports every second or so: wait for the shard calls to show.
        JsonElement counters = default;
        await WaitUntilAsync(async () =>
        {
            counters = await GetJsonAsync(http, "/dashboard/DashboardCounters");
            return ShardCalls(counters) > 0;
        }, TimeSpan.FromSeconds(60), () => $"no calls to {ShardGrainType} in DashboardCounters: {counters}");

        var silos = counters.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("siloName").GetString()).Order().ToList();
        output.WriteLine($"silos: {string.Join(", ", silos)}; {ShardGrainType}: {ShardCalls(counters)} calls");
        Assert.Equal(["silo-0", "silo-1", "silo-2"], silos);

        // Under the running searches the shard grains' methods are among the most called.
        JsonElement top = default;
        await WaitUntilAsync(async () =>
        {
            top = await GetJsonAsync(http, "/dashboard/TopGrainMethods");
            return top.GetProperty("calls").EnumerateArray().Any(method => method.GetProperty("grain").GetString()?.EndsWith("ShardGrain", StringComparison.Ordinal) == true);
        }, TimeSpan.FromSeconds(60), () => $"no ShardGrain method in TopGrainMethods: {top}");
    }

    [Fact]
    public async Task A_browser_shows_the_silos_and_shard_grains()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install chromium (scripts/test.sh installs it).");
        // Searches and writes keep going, so the overview's busiest methods are the shard grains', not the runtime's.
        using var http = Cluster.CreateGatewayClient();
        await using var load = new WriteReadLoad(http, DashboardCluster.Index);
        load.Start(writers: 1, readers: 2);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });

        // The key in the query once: the silo answers with a cookie, which carries every later call of the page.
        var silo = Cluster.Silos[0];
        var counters = page.WaitForResponseAsync(r => r.Url.Contains("/dashboard/DashboardCounters", StringComparison.Ordinal), new() { Timeout = 60_000 });
        var response = await page.GotoAsync(new Uri(silo.HttpAddress, $"/dashboard/?key={AdminKey}").ToString());
        Assert.Equal(200, response?.Status);
        Assert.Equal(200, (await counters).Status);

        // The overview has counts and the busiest methods; silo names are on the Silos page, grain types on Grains.
        await WaitForTextAsync(page, "ShardGrain");
        string overviewShot = await SaveScreenshotAsync(page, "dashboard.png");

        await page.GotoAsync(new Uri(silo.HttpAddress, "/dashboard/#/silos").ToString());
        await WaitForTextAsync(page, "silo-2");
        string silos = await page.InnerTextAsync("body");
        string silosShot = await SaveScreenshotAsync(page, "dashboard-silos.png");

        await page.GotoAsync(new Uri(silo.HttpAddress, "/dashboard/#/grains").ToString());
        await WaitForTextAsync(page, "ShardGrain");
        string grains = await page.InnerTextAsync("body");
        string grainsShot = await SaveScreenshotAsync(page, "dashboard-grains.png");
        output.WriteLine($"screenshots: {overviewShot} {silosShot} {grainsShot}");

        Assert.All(new[] { "silo-0", "silo-1", "silo-2" }, name => Assert.Contains(name, silos, StringComparison.Ordinal));
        Assert.Contains("ShardGrain", grains, StringComparison.Ordinal);
    }

    /// <summary>Waits for <paramref name="text"/> on the page; on timeout saves what the page showed and fails with its text.</summary>
    private static async Task WaitForTextAsync(IPage page, string text)
    {
        try
        {
            await page.GetByText(text).First.WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            string shot = await SaveScreenshotAsync(page, "dashboard-failure.png");
            Assert.Fail($"'{text}' did not appear on {page.Url} within 60 s; screenshot {shot}; page text:\n{await page.InnerTextAsync("body")}");
        }
    }

    private static async Task<string> SaveScreenshotAsync(IPage page, string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestResults", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private static long ShardCalls(JsonElement counters) => counters.GetProperty("simpleGrainStats").EnumerateArray()
        .Where(stat => stat.GetProperty("grainType").GetString() == ShardGrainType)
        .Sum(stat => stat.GetProperty("totalCalls").GetInt64());

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return await GatewayApi.EnsureAsync(response, path);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Not within {deadline.TotalSeconds:0} s: {describe()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

}
