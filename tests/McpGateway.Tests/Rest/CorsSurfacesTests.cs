using System.Net;
using System.Text;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 10, how Http:CorsOrigins and Mcp:AllowedOrigins combine: each list opens its own surface only. /v1 follows
/// Http:CorsOrigins; /mcp follows Mcp:AllowedOrigins (and loopback pages), for CORS and the Origin check alike, and
/// allows MCP's own headers — so no browser origin passes a preflight and is then refused, or the other way round.
/// </summary>
public sealed class CorsSurfacesTests : IAsyncLifetime
{
    private const string RestOrigin = "https://app.example.org";
    private const string McpOrigin = "https://console.example.com";

    private readonly GatewayFactory _factory = new(new Dictionary<string, string?>
    {
        ["Http:CorsOrigins:0"] = RestOrigin,
        ["Mcp:AllowedOrigins:0"] = McpOrigin,
    });

    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.StartAsync();

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_mcp_origin_may_call_mcp_with_its_headers_but_not_the_rest_api()
    {
        using var preflight = await _client.SendAsync(Preflight("/mcp", McpOrigin, "content-type,mcp-protocol-version,mcp-session-id"));
        Assert.Equal(McpOrigin, AllowedOrigin(preflight));
        var allowedHeaders = preflight.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(h => h.Split(',')).Select(h => h.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("mcp-protocol-version", allowedHeaders);
        Assert.Contains("mcp-session-id", allowedHeaders);

        using var call = await _client.SendAsync(McpPost(McpOrigin));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(McpOrigin, AllowedOrigin(call));

        using var rest = await _client.SendAsync(Preflight("/v1/indexes/books/search", McpOrigin, "content-type"));
        Assert.Null(AllowedOrigin(rest));
    }

    [Fact]
    public async Task A_rest_origin_may_call_the_rest_api_but_is_refused_on_mcp()
    {
        using var rest = await _client.SendAsync(Preflight("/v1/indexes/books/search", RestOrigin, "content-type"));
        Assert.Equal(RestOrigin, AllowedOrigin(rest));

        using var preflight = await _client.SendAsync(Preflight("/mcp", RestOrigin, "content-type"));
        Assert.Null(AllowedOrigin(preflight));
        using var call = await _client.SendAsync(McpPost(RestOrigin));
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
    }

    [Fact]
    public async Task A_loopback_page_may_call_mcp_as_the_origin_check_allows()
    {
        using var preflight = await _client.SendAsync(Preflight("/mcp", "http://localhost:5173", "content-type,mcp-protocol-version"));
        Assert.Equal("http://localhost:5173", AllowedOrigin(preflight));
    }

    private static string? AllowedOrigin(HttpResponseMessage response)
        => response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    private static HttpRequestMessage Preflight(string path, string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HttpRequestMessage McpPost(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("Origin", origin);
        return request;
    }
}
