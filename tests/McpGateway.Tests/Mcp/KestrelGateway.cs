using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The gateway on real Kestrel at 127.0.0.1 and a free port, so out-of-process clients (node) reach it.
/// </summary>
public sealed class KestrelGateway : IDisposable
{
    private readonly McpGatewayFactory _factory;

    public KestrelGateway(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Urls"] = "http://127.0.0.1:0",
        };
        _factory = new McpGatewayFactory(all, configureServices);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        McpUrl = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), McpHttp.Path);
    }

    public Uri McpUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public void Dispose() => _factory.Dispose();
}
