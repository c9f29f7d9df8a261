using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// The real gateway (the same wiring as its Program) on Kestrel at 127.0.0.1 and a free port, inside this process.
/// Settings go over everything in appsettings.json.
/// </summary>
internal sealed class InProcessGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessGateway(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessGateway> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
            // The watchdog warns about "long pauses" whenever other jobs hold the shared cores: noise here, not a finding.
            ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
        });
        builder.AddGateway(stdio: false);
        var app = builder.Build();
        app.MapGateway(stdio: false);
        await app.StartAsync();
        await app.Services.GetRequiredService<ClusterConnection>().Connected.WaitAsync(TimeSpan.FromSeconds(60));
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessGateway(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
