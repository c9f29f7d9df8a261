using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Metrics of every process (silo and gateway) through OpenTelemetry, scraped by Prometheus at <c>/metrics</c>:
/// Orleans' own meters (grain calls sent and received, activations, messaging, membership, storage), ASP.NET
/// Core and Kestrel, the .NET runtime, and ours. Traces of every process: incoming HTTP requests (ASP.NET Core's
/// own ActivitySource), grain calls across processes (Orleans' activity propagation, which each silo and client
/// builder turns on with <c>AddActivityPropagation</c>) and document store calls (ours), exported over OTLP only
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; without it spans still give every log line its trace id.
/// </summary>
public static class Telemetry
{
    private static readonly string[] Meters =
    [
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        // The gateway's admission control (ASP.NET Core's rate-limiting middleware): requests queued, time in queue, refusals.
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
        Grains.Storage.StoreInstruments.MeterName,
    ];

    /// <summary>
    /// ActivitySources traced besides ASP.NET Core's incoming requests (its instrumentation package adds method,
    /// route and status to them, which the bare "Microsoft.AspNetCore" source does not): Orleans' grain calls
    /// (runtime and application) and our document store.
    /// </summary>
    public static readonly string[] ActivitySources =
    [
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        Grains.Storage.TracedDocumentStore.SourceName,
    ];

    /// <summary>The standard OpenTelemetry variable: where to send spans (e.g. http://collector:4317).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="processMeters">Meters of this kind of process besides the shared ones (the gateway's own).</param>
    public static IServiceCollection AddSearchTelemetry(this IServiceCollection services, params string[] processMeters)
    {
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter([.. Meters, .. processMeters]).AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrapeOrProbe(context.Request.Path));
                tracing.AddSource(ActivitySources);
                if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable)))
                {
                    // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
                    tracing.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary>Prometheus scrapes and health probes every few seconds: spans of them would drown the useful ones.</summary>
    private static bool IsScrapeOrProbe(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
