using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>Registers the collector and maps the scrape endpoint.</summary>
public static class PrometheusMetricsExtensions
{
    /// <summary>The text exposition format's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Listens to the meters selected by <see cref="PrometheusMetricsOptions"/> from host start; the
    /// host's <see cref="IMeterFactory"/> scopes it to this host's meters.
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, Action<PrometheusMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        var options = services.AddOptions<PrometheusMetricsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.Validate(value => { value.Validate(); return true; }).ValidateOnStart();
        services.TryAddSingleton(provider => new PrometheusCollector(
            provider.GetRequiredService<IOptions<PrometheusMetricsOptions>>().Value, provider.GetRequiredService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrometheusCollectorStartup>());
        return services;
    }

    /// <summary>GET <paramref name="pattern"/> answers the scrape in the text format 0.0.4.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static context =>
        {
            string text = context.RequestServices.GetRequiredService<PrometheusCollector>().Scrape();
            context.Response.ContentType = ContentType;
            return context.Response.WriteAsync(text, context.RequestAborted);
        });
    }
}
