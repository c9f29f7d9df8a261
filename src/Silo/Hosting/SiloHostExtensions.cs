using OrleansSearch.Silo.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;

namespace OrleansSearch.Silo.Hosting;

/// <summary>Wires a silo process into an ASP.NET Core host from layered configuration.</summary>
public static class SiloHostExtensions
{
    /// <summary>How long a SIGTERM'd silo may take to drain: finish its calls, deactivate (snapshots) and leave.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Binds sections Silo, Storage, Shards and Membership (appsettings.json, appsettings.{Environment}.json,
    /// environment variables such as <c>Silo__Port</c>, command line), and hosts one Orleans silo with the search
    /// grains, the Orleans Dashboard, health checks and Prometheus metrics.
    /// </summary>
    public static WebApplicationBuilder AddSiloHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var endpoint = configuration.GetSection("Silo").Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        endpoint.Validate();
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        storage.Validate();

        builder.UseConsoleLogFormat();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.UseOrleans(silo => silo
            .UseSearchClustering(endpoint, storage, configuration)
            .AddSearchGrains(configuration)
            .UseLoadShedding(configuration)
            .AddActivityPropagation()
            .AddDashboard());
        builder.Services.AddSearchTelemetry();
        builder.Services.AddSingleton<ShardHoming>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<ShardHoming>());
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<SiloReadinessCheck>("silo", tags: ["ready"])
            .AddCheck<ShardHoming>("shards", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the silo is Active, its store answers and the
    /// shard copies the layout assigns it are here (<see cref="ShardHoming"/>).
    /// <c>/metrics</c>: Prometheus. <c>/dashboard</c>: the Orleans Dashboard (admin key).
    /// </summary>
    public static WebApplication MapSiloEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetrics();
        DashboardAccess.Map(app);
        return app;
    }
}
