using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.McpGateway.Tests.Mcp;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 10, request limits on a real Kestrel socket: a body over Limits:MaxBodyBytes is read to its end before the
/// 413, so a client still sending reads the answer and its connection stays usable; a request target over our 8 KiB
/// limit gets the 414 envelope; above Kestrel's own request-line limit (64 KiB) Kestrel answers a bare 414 itself.
/// </summary>
public sealed class KestrelRequestLimitsTests : IClassFixture<KestrelRequestLimitsTests.Gateway>
{
    public sealed class Gateway : IDisposable
    {
        public KestrelGateway Kestrel { get; } = new(new Dictionary<string, string?> { ["Limits:MaxBodyBytes"] = "1024" });

        public void Dispose() => Kestrel.Dispose();
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly Uri _address;

    public KestrelRequestLimitsTests(Gateway gateway) => _address = gateway.Kestrel.Address(Uri.UriSchemeHttp);

    [Fact]
    public async Task A_body_over_the_limit_is_read_to_its_end_before_the_413_and_the_connection_serves_the_next_request()
    {
        const int bodyLength = 200_000;
        using var socket = new TcpClient();
        using var deadline = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(_address.Host, _address.Port, deadline.Token);
        var stream = socket.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/indexes/any/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {bodyLength}\r\n\r\n"), deadline.Token);
        // All of it, as a client that does not read until it has sent its request: no reset connection on the way.
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 10_000));
        for (int sent = 0; sent < bodyLength; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk, deadline.Token);
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), deadline.Token);

        string answers = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(deadline.Token);
        int tooLarge = answers.IndexOf("HTTP/1.1 413", StringComparison.Ordinal);
        int next = answers.IndexOf("HTTP/1.1 200", StringComparison.Ordinal);
        Assert.True(tooLarge == 0, answers);
        Assert.Contains("\"code\":\"payload_too_large\"", answers, StringComparison.Ordinal);
        Assert.True(next > tooLarge, $"The connection did not serve the next request after the 413:\n{answers}");
    }

    [Fact]
    public async Task A_target_over_our_limit_gets_the_414_envelope_and_over_kestrels_own_limit_a_bare_414()
    {
        using var http = new HttpClient { BaseAddress = _address, Timeout = Deadline };

        using var ours = await http.GetAsync(new Uri("/v1/indexes/" + new string('a', 20_000), UriKind.Relative));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, ours.StatusCode);
        Assert.Equal("uri_too_long", (await ours.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());

        // Kestrel refuses a request line it will not even parse before any middleware runs, so it cannot carry our
        // envelope; its limit sits far above ours so that only absurd targets get there (README, HTTP).
        using var kestrels = await http.GetAsync(new Uri("/v1/indexes/" + new string('a', HttpHygiene.KestrelRequestLineLimit + 1), UriKind.Relative));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, kestrels.StatusCode);
        Assert.Empty(await kestrels.Content.ReadAsByteArrayAsync());
    }
}
