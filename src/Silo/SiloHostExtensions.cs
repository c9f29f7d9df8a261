using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Runtime.Diagnostics.Prometheus;
using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Silo;


/// <summary>Wires a silo into an ASP.NET Core host from layered configuration.</summary>
public static class SiloHostExtensions
{
    /// <summary>
    /// Binds sections Silo, Messaging, Membership, GrainCollection, Storage and Grains (appsettings.json,
    /// appsettings.{Environment}.json, environment variables such as <c>Silo__Port</c>, command line),
    /// logs JSON to the console, and registers the silo with its health checks and its Prometheus metrics.
    /// </summary>
    public static WebApplicationBuilder AddSiloHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(45));
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").Validate(options => { options.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddOptions<ShardOptions>().BindConfiguration("Shards").Validate(options => { options.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddSingleton(provider => ClusterStorage.Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value, configuration["Silo:ClusterId"] ?? SiloOptions.DefaultClusterId));
        builder.Services.AddSingleton(provider =>
        {
            var storage = provider.GetRequiredService<ClusterStorage>();
            var siloBuilder = new SiloBuilder()
                .UseMembershipTable(storage.Membership)
                .UseGrainStorage(storage.GrainState)
                .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
                .UseMeterFactory(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            configuration.GetSection("Silo").Bind(siloBuilder.Silo);
            configuration.GetSection("Messaging").Bind(siloBuilder.Messaging);
            configuration.GetSection("Membership").Bind(siloBuilder.Membership);
            configuration.GetSection("GrainCollection").Bind(siloBuilder.Collection);
            SearchGrains.AddTo(siloBuilder, storage, provider.GetRequiredService<IOptions<ShardOptions>>().Value);
            var grains = new GrainAssemblyOptions();
            configuration.GetSection("Grains").Bind(grains);
            foreach (string path in grains.Assemblies)
            {
                siloBuilder.AddGrainsFrom(Assembly.LoadFrom(Path.GetFullPath(path)));
            }
            return siloBuilder.Build();
        });
        // Before the silo's hosted service: the metrics listener must be listening when the silo starts.
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddHostedService<SiloHostedService>();
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<SiloReadinessCheck>("silo", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the silo is Active and its membership store answers.
    /// <c>/metrics</c>: the runtime's instruments and the process basics in the Prometheus text format.
    /// </summary>
    public static WebApplication MapSiloHealthChecks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusMetrics();
        return app;
    }
}
