using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansSearch.Cluster.Tests.Observability;

/// <summary>
/// Debian's <c>prometheus</c> on a free loopback port, scraping the given targets every second from a temp config
/// and a temp TSDB; queried through its HTTP API. Dispose kills it and removes its files.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private PrometheusServer(Process process, StreamWriter log, string directory, Uri address)
    {
        _process = process;
        _log = log;
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string LogPath => Path.Combine(_directory, "prometheus.log");

    private string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <param name="jobs">Job name → <c>host:port</c> targets, each scraped at <c>/metrics</c>.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> jobs, TimeSpan deadline)
    {
        string directory = Path.Combine(Path.GetTempPath(), "orleanssearch-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string config = Path.Combine(directory, "prometheus.yml");
        // JSON is YAML: no YAML writer needed.
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, string> { ["scrape_interval"] = "1s", ["scrape_timeout"] = "1s" },
            ["scrape_configs"] = jobs.Select(job => new Dictionary<string, object>
            {
                ["job_name"] = job.Key,
                ["metrics_path"] = "/metrics",
                ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = job.Value } },
            }).ToArray(),
        }));
        int port = FreePorts.Next();
        var startInfo = new ProcessStartInfo("prometheus")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("prometheus did not start.");
        var log = new StreamWriter(Path.Combine(directory, "prometheus.log")) { AutoFlush = true };
        var server = new PrometheusServer(process, log, directory, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(deadline);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>): the result vector's elements.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Prometheus query {promql}: HTTP {(int)response.StatusCode} {text}");
        }
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    /// <summary>Repeats <paramref name="promql"/> until <paramref name="accept"/> holds for its result; throws with the last result at the deadline.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(string promql, Func<IReadOnlyList<JsonElement>, bool> accept, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<JsonElement> last = [];
        while (clock.Elapsed < deadline)
        {
            last = await QueryAsync(promql);
            if (accept(last))
            {
                return last;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new TimeoutException($"Prometheus: {promql} not as expected within {deadline.TotalSeconds:0} s; last result: [{string.Join(", ", last)}]; targets: {await TargetsAsync()}");
    }

    /// <summary>Scrape health per target, for failure messages.</summary>
    public async Task<string> TargetsAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("api/v1/targets", UriKind.Relative));
            var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
            return string.Join("; ", body.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Select(t => $"{t.GetProperty("scrapeUrl")} {t.GetProperty("health")} {t.GetProperty("lastError")}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return "unavailable: " + e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the OS.
        }
    }

    private void Append(string? line)
    {
        lock (_logLock)
        {
            if (line is not null && _log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}: {ReadLog()}");
            }
            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"prometheus was not ready within {deadline.TotalSeconds:0} s (last: {last}).");
    }
}
