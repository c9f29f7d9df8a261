using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace OrleansSearch.Runtime.Tests.Diagnostics;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> binary) on a loopback port, scraping one target
/// every second, with its configuration and storage in a temporary folder. Disposing kills it and
/// deletes the folder.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private PrometheusServer(string folder, Process process, int port)
    {
        Folder = folder;
        _process = process;
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Folder { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static PrometheusServer Start(string jobName, string target)
    {
        string folder = Directory.CreateTempSubdirectory("prometheus-").FullName;
        string config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {jobName}
                static_configs:
                  - targets: ['{target}']
            """);
        int port = FreePort();
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
        };
        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(folder, process, port);
        process.OutputDataReceived += (_, line) => server.Append(line.Data);
        process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        try
        {
            process.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls an instant query until it returns a sample, and returns that sample's labels and value.</summary>
    public async Task<(JsonElement Labels, double Value)> WaitForSampleAsync(string query, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await _http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                    {
                        var sample = result[0];
                        return (sample.GetProperty("metric").Clone(), double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"prometheus had no sample for '{query}' within {timeout}:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
