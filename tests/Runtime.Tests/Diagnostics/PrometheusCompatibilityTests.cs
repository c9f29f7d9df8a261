using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Diagnostics.Prometheus;
using OrleansSearch.Runtime.Messaging;
using Xunit.Abstractions;

namespace OrleansSearch.Runtime.Tests.Diagnostics;

/// <summary>Our exposition against the real Prometheus: promtool's linter, and a server scraping a Kestrel endpoint.</summary>
public sealed class PrometheusCompatibilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Promtool_accepts_the_runtime_instruments_and_the_process_metrics()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var collector = PrometheusExpositionTests.CollectorFor(InstrumentNames.MeterName, includeProcessMetrics: true, meterFactory);
        using (var instruments = new RuntimeInstruments(meterFactory, "silo-1", () => (3, 7)))
        {
            instruments.CallCompleted("counter", "Add", "ok", TimeSpan.FromMilliseconds(3));
            instruments.CallCompleted("counter", "Get\"quoted\"", "error", TimeSpan.FromSeconds(2));
            instruments.ActivationCreated("counter");
            instruments.MessageSent(MessageKind.Request, 120);
            instruments.MessageReceived(MessageKind.Response, 80);
            string text = collector.Scrape();
            output.WriteLine(text);

            var (exitCode, lint) = await RunAsync("promtool", ["check", "metrics"], text);

            Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{lint}");
            Assert.Contains("orleanssearch_grain_call_duration_seconds_bucket{grain_type=\"counter\",method=\"Add\",silo=\"silo-1\",le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
            Assert.Contains("orleanssearch_membership_view_size{silo=\"silo-1\"} 3\n", text, StringComparison.Ordinal);
            Assert.Contains("process_cpu_seconds_total ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_real_Prometheus_server_scrapes_the_endpoint_and_reports_the_recorded_counter()
    {
        string meterName = "Test.Scrape." + Guid.NewGuid().ToString("N");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddPrometheusMetrics(options =>
        {
            options.MeterPrefixes.Clear();
            options.MeterPrefixes.Add(meterName);
        });
        await using var app = builder.Build();
        app.MapPrometheusMetrics();
        await app.StartAsync();
        var meter = app.Services.GetRequiredService<IMeterFactory>().Create(new MeterOptions(meterName) { Tags = [new("silo", "scraped")] });
        var requests = meter.CreateCounter<long>("test.requests", "{request}", "Requests served.");
        requests.Add(40, new KeyValuePair<string, object?>("route", "/search"));
        requests.Add(2, new KeyValuePair<string, object?>("route", "/search"));
        var target = new Uri(app.Urls.Single());

        var clock = Stopwatch.StartNew();
        using var prometheus = PrometheusServer.Start("orleanssearch", $"127.0.0.1:{target.Port}");
        var (_, up) = await prometheus.WaitForSampleAsync("up{job=\"orleanssearch\"} == 1", TimeSpan.FromSeconds(15));
        var (labels, value) = await prometheus.WaitForSampleAsync("test_requests_total", TimeSpan.FromSeconds(10));
        output.WriteLine($"prometheus saw the target up and the counter within {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1, up);
        Assert.Equal(42, value);
        Assert.Equal("/search", labels.GetProperty("route").GetString());
        Assert.Equal("scraped", labels.GetProperty("silo").GetString());
        await app.StopAsync();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string input)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
