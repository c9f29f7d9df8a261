using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// A throwaway TLS certificate for 127.0.0.1, written as a password-protected PFX file the way an operator hands one
/// to Kestrel (<c>Kestrel:Endpoints:Https:Certificate:Path</c> and <c>:Password</c>). The password is made up per run.
/// </summary>
public sealed class SelfSignedCertificate : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gateway-tls-").FullName;

    public SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        PfxPath = Path.Combine(_folder, "gateway.pfx");
        File.WriteAllBytes(PfxPath, Certificate.Export(X509ContentType.Pfx, Password));
    }

    public X509Certificate2 Certificate { get; }

    public string PfxPath { get; }

    public string Password { get; } = "pfx-" + Guid.NewGuid().ToString("N");

    /// <summary>A client that trusts exactly this certificate (and no other untrusted one).</summary>
    public HttpClient CreateClient(Uri baseAddress) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(Certificate.RawData),
    })
    {
        BaseAddress = baseAddress,
    };

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
