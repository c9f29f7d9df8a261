using System.Net;
using OrleansSearch.McpGateway.Tests.Mcp;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 10, TLS on Kestrel from configuration: a PFX named in Kestrel:Endpoints serves https, answers carry HSTS over
/// https only, and the certificate's password is never logged.
/// </summary>
public sealed class KestrelTlsTests
{
    [Fact]
    public async Task Kestrel_serves_https_from_configuration_with_hsts_only_over_tls()
    {
        using var certificate = new SelfSignedCertificate();
        using var gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = certificate.PfxPath,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = certificate.Password,
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
        });

        using var https = certificate.CreateClient(gateway.Address(Uri.UriSchemeHttps));
        using var secure = await https.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
        using var refused = await https.GetAsync(new Uri("/v1/no-such-route", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Strict-Transport-Security"), "an error answer over TLS carries HSTS too");

        using var plain = new HttpClient { BaseAddress = gateway.Address(Uri.UriSchemeHttp) };
        using var insecure = await plain.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, insecure.StatusCode);
        Assert.False(insecure.Headers.Contains("Strict-Transport-Security"));

        Assert.DoesNotContain(gateway.Logs.Messages, line => line.Contains(certificate.Password, StringComparison.Ordinal));
    }
}
