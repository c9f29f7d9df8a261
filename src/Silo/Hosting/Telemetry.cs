using OpenTelemetry.Metrics;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Metrics of every process (silo and gateway) through OpenTelemetry, scraped by Prometheus at <c>/metrics</c>:
/// Orleans' own meters (grain calls sent and received, activations, messaging, membership, storage), ASP.NET
/// Core and Kestrel, the .NET runtime, and ours.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter of the gateway's own instruments (requests, query latency, cache, rate limits, writes).</summary>
    public const string GatewayMeter = "OrleansSearch.Gateway";

    private static readonly string[] Meters =
    [
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        GatewayMeter,
    ];

    public static IServiceCollection AddSearchTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
