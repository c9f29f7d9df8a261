using System.Net;
using System.Text;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 10, HTTP hygiene: security headers on every answer (errors included), the CORS allow-list, allowed hosts,
/// and 413/414 in the error envelope on REST routes and as a JSON-RPC error on /mcp.
/// </summary>
public sealed class HttpHygieneTests : IAsyncLifetime
{
    private const string AllowedOrigin = "https://app.example.org";

    private readonly GatewayFactory _factory = new(new Dictionary<string, string?>
    {
        ["Http:CorsOrigins:0"] = AllowedOrigin,
        ["AllowedHosts"] = "localhost",
        ["Limits:MaxBodyBytes"] = "1024",
    });

    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.StartAsync();

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/v1/indexes/no-such-index")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        // Plain HTTP: HSTS only means something over TLS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cors_preflight_is_allowed_for_a_listed_origin_only()
    {
        using var allowed = await _client.SendAsync(Preflight(AllowedOrigin));
        Assert.True(allowed.IsSuccessStatusCode, $"HTTP {(int)allowed.StatusCode}");
        Assert.Equal(AllowedOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = await _client.SendAsync(Preflight("https://evil.example.com"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_host_outside_AllowedHosts_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "attacker.example.com";
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_the_error_envelope_on_rest_and_a_json_rpc_error_on_mcp()
    {
        string big = "{\"query\": \"" + new string('x', 4096) + "\"}";
        using var rest = await _client.PostAsync(new Uri("/v1/indexes/any/search", UriKind.Relative), new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rest.StatusCode);
        var envelope = await rest.ReadJsonAsync();
        Assert.Equal("payload_too_large", envelope.GetProperty("error").GetProperty("code").GetString());

        using var mcp = await _client.SendAsync(McpPost(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, mcp.StatusCode);
        var rpc = await mcp.ReadJsonAsync();
        Assert.Equal("2.0", rpc.GetProperty("jsonrpc").GetString());
        Assert.Equal(-32600, rpc.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("payload_too_large", rpc.GetProperty("error").GetProperty("data").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_uri_over_the_limit_is_414_in_the_error_envelope_on_rest_and_a_json_rpc_error_on_mcp()
    {
        string longName = new('a', 9000);
        using var rest = await _client.GetAsync(new Uri($"/v1/indexes/{longName}", UriKind.Relative));
        Assert.True(rest.StatusCode == HttpStatusCode.RequestUriTooLong, $"HTTP {(int)rest.StatusCode} {await rest.Content.ReadAsStringAsync()}");
        Assert.Equal("uri_too_long", (await rest.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());

        using var request = McpPost("{}");
        request.RequestUri = new Uri($"/mcp?padding={longName}", UriKind.Relative);
        using var mcp = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, mcp.StatusCode);
        Assert.Equal("uri_too_long", (await mcp.ReadJsonAsync()).GetProperty("error").GetProperty("data").GetProperty("code").GetString());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/indexes/books/search");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        return request;
    }

    private static HttpRequestMessage McpPost(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return request;
    }
}
