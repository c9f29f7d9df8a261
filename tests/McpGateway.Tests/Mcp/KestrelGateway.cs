using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The gateway on real Kestrel at 127.0.0.1 and free ports, so out-of-process clients (node) and raw sockets reach it.
/// By default one plain HTTP endpoint (<c>Urls</c>); settings under <c>Kestrel:Endpoints</c> (TLS, several
/// endpoints) take its place, as they do for an operator.
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
        _factory.UseKestrel();
        _factory.StartServer();
        Addresses = [.. _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)))];
        McpUrl = new Uri(Address(Uri.UriSchemeHttp), McpHttp.Path);
    }

    /// <summary>Every address Kestrel listens on, with the ports it picked.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public Uri McpUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public LogCollector Logs => _factory.Logs;

    /// <summary>The (first) address with <paramref name="scheme"/>, http or https.</summary>
    public Uri Address(string scheme) => Addresses.First(address => address.Scheme == scheme);

    public void Dispose() => _factory.Dispose();
}
