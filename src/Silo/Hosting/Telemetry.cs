using OpenTelemetry.Metrics;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Metrics of every process (silo and gateway) through OpenTelemetry, scraped by Prometheus at <c>/metrics</c>:
/// Orleans' own meters (grain calls sent and received, activations, messaging, membership, storage), ASP.NET
/// Core and Kestrel, the .NET runtime, and ours.
/// </summary>
public static class Telemetry
{
    private static readonly string[] Meters =
    [
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        Grains.Storage.StoreInstruments.MeterName,
    ];

    /// <param name="processMeters">Meters of this kind of process besides the shared ones (the gateway's own).</param>
    public static IServiceCollection AddSearchTelemetry(this IServiceCollection services, params string[] processMeters)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. Meters, .. processMeters]).AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
