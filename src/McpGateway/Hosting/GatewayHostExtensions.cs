using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansSearch.Grains.Documents;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Mcp;
using OrleansSearch.McpGateway.Tools;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Security;
using OrleansSearch.Embeddings;
using OrleansSearch.Silo.Hosting;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Wires the gateway from layered configuration: cluster connection, services, limits, auth, health and metrics.</summary>
internal static class GatewayHostExtensions
{
    /// <param name="stdio">Serving MCP over stdin/stdout: logs go to stderr and HTTP listens only on an ephemeral loopback port.</param>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, bool stdio)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.UseConsoleLogFormat();
        if (stdio)
        {
            builder.Logging.AddMcpStdioLogging();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        services.AddHttpContextAccessor();
        services.AddMcpEndpoint(options => configuration.GetSection("Mcp").Bind(options, binder => binder.ErrorOnUnknownConfiguration = true));
        services.AddSearchTools();
        services.AddOptions<GatewayOptions>().BindConfiguration("Gateway").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<GatewayLimits>().BindConfiguration("Limits").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<ShardOptions>().BindConfiguration("Shards").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<GatewayLimits>>().Value);
        services.AddOptions<EmbeddingModelOptions>().BindConfiguration("Embeddings");

        var gateway = configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        gateway.Validate();
        services.AddSingleton(gateway);
        GatewayCluster.AddCluster(builder, gateway);
        services.AddSearchTelemetry(GatewayInstrumentNames.MeterName);
        services.AddSingleton<ClusterConnection>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterConnection>());
        services.AddSingleton<ShardWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<ShardWarmup>());
        services.AddSingleton<SampleCorpusProgress>();
        services.AddHostedService<SampleCorpusLoader>();

        services.AddSingleton<GatewayInstruments>();
        services.AddSingleton<IndexDirectory>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<StatisticsCache>();
        services.AddSingleton<TextEmbedder>();
        services.AddSingleton<DocumentEmbedder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ShardCopyChooser>();
        services.AddSingleton<ShardFanOut>();
        services.AddSingleton<QueryCoordinator>();
        services.AddSingleton<DocumentWriter>();
        services.AddSingleton<IndexAdministration>();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<IndexOperations>();
        services.AddAdmissionControl();

        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<GatewayLimits>>((kestrel, limits) =>
            {
                kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
                kestrel.Limits.MaxRequestLineSize = HttpHygiene.KestrelRequestLineLimit;
            });
        // Browser origins: Http:CorsOrigins for /v1, Mcp:AllowedOrigins (and loopback) for /mcp.
        services.AddCors();
        services.AddSingleton<Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider, GatewayCors>();
        services.AddOpenApi("v1", Api.GatewayOpenApi.Configure);
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<ClusterReadinessCheck>("cluster", tags: ["ready"])
            .AddCheck<ShardWarmup>("shards", tags: ["ready"])
            .AddCheck<SampleCorpusReadinessCheck>("sample_corpus", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app, bool stdio)
    {
        app.UseMiddleware<RequestIds>();
        app.UseMiddleware<RequestMetrics>();
        app.UseMiddleware<ErrorResponses>();
        app.UseMiddleware<HttpHygiene>();
        // Before authentication: a browser's preflight carries no API key.
        app.UseCors();
        // Before anything that costs work (reading bodies, hashing keys): the excess is refused at once.
        app.UseAdmissionControl();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live"), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapMetrics();
        if (app.Services.GetRequiredService<GatewayOptions>().IsEmbedded)
        {
            DashboardAccess.Map(app);
        }
        app.MapOpenApi("/v1/openapi.json");
        app.MapRestApi();
        app.MapMcpEndpoint();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            RefuseOpenNonLoopback(app);
            if (!stdio)
            {
                StartupBanner.Print(app.Services, Console.Out);
            }
        });
        return app;
    }

    /// <summary>With no API keys anyone who can connect may read and write: only loopback is allowed then.</summary>
    private static void RefuseOpenNonLoopback(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Keys.Count > 0)
        {
            return;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (string address in addresses)
        {
            var host = new Uri(address.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)).Host;
            if (host != "localhost" && !(System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)))
            {
                Console.Error.WriteLine($"Refusing to serve {address} without API keys: configure Auth:Keys (SHA-256 hashes) or listen on 127.0.0.1 only.");
                Environment.ExitCode = 2;
                app.Lifetime.StopApplication();
                return;
            }
        }
    }


}
