using Microsoft.Extensions.Hosting;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Creates the collector when the host starts, so it listens before the silo records its first
/// measurement rather than from the first scrape on (a MeterListener only sees measurements made while it listens).
/// </summary>
internal sealed class PrometheusCollectorStartup(PrometheusCollector collector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(collector);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
