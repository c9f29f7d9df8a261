using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The default (stateless) endpoint through the real gateway pipeline: what the gateway adds around the SDK's
/// transport (tools, caller, request ids, body limit, Origin check) rather than the transport's own rules,
/// which the conformance suite covers.
/// </summary>
public sealed class McpStatelessEndpointTests : IClassFixture<McpStatelessEndpointTests.Host>
{
    public sealed class Host : IDisposable
    {
        public McpGatewayFactory Factory { get; } = new(
            new Dictionary<string, string?> { ["Limits:MaxBodyBytes"] = "65536", ["Mcp:AllowedOrigins:0"] = "https://console.example.com" });

        public LogCollector Logs => Factory.Logs;

        public void Dispose() => Factory.Dispose();
    }

    private readonly Host _host;
    private readonly HttpClient _client;

    public McpStatelessEndpointTests(Host host)
    {
        _host = host;
        _client = host.Factory.CreateClient();
    }

    [Fact]
    public async Task Initialize_answers_without_a_session_id_with_the_configured_server_name()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Initialize()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var result = (await McpHttp.ReadResponseAsync(response))["result"]!;
        Assert.Equal("2025-11-25", (string?)result["protocolVersion"]);
        Assert.Equal("orleans-search", (string?)result["serverInfo"]!["name"]);
        Assert.NotNull(result["capabilities"]!["tools"]);
    }

    [Fact]
    public async Task Tools_list_offers_the_search_tools_and_the_test_tools_with_input_and_output_schemas()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/list")));

        var tools = (await McpHttp.ReadResponseAsync(response))["result"]!["tools"]!.AsArray();
        var names = tools.Select(t => (string)t!["name"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "echo", "fail", "slow", "whoami", "search", "get_document", "lookup", "index_documents", "delete_documents", "create_index", "list_indexes", "describe_index" }, names);
        var search = tools.Single(t => (string?)t!["name"] == "search")!;
        Assert.Equal("string", (string?)search["inputSchema"]!["properties"]!["query"]!["type"]);
        Assert.Contains("index", search["inputSchema"]!["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("object", (string?)search["outputSchema"]!["type"]);
        Assert.StartsWith("Searches one index.", (string?)search["description"]);
        Assert.True((bool?)search["annotations"]!["readOnlyHint"]);
        Assert.All(tools.Where(t => (string?)t!["name"] is not ("fail" or "slow")), t => Assert.NotNull(t!["outputSchema"]));
    }

    [Fact]
    public async Task A_tool_call_returns_structured_content()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Request(3, "tools/call", new { name = "echo", arguments = new { text = "ab", times = 3 } })));

        var result = (await McpHttp.ReadResponseAsync(response))["result"]!;
        Assert.Null(result["isError"]);
        Assert.Equal("ababab", (string?)result["structuredContent"]!["text"]);
        Assert.Equal(6, (int)result["structuredContent"]!["length"]!);
    }

    [Fact]
    public async Task A_failing_tool_is_a_tool_error_not_a_transport_error()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Request(4, "tools/call", new { name = "fail", arguments = new { } })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await McpHttp.ReadResponseAsync(response))["result"]!["isError"]!);
    }

    [Fact]
    public async Task A_tool_sees_the_caller_and_the_request_id_of_the_http_request()
    {
        var request = McpHttp.Post(McpHttp.Request(5, "tools/call", new { name = "whoami", arguments = new { } }));
        request.Headers.Add(TestTools.UserHeader, "alice");
        request.Headers.Add("X-Request-Id", "req-whoami-1");
        using var response = await _client.SendAsync(request);

        var report = (await McpHttp.ReadResponseAsync(response))["result"]!["structuredContent"]!;
        Assert.Equal("alice", (string?)report["userFromContext"]);
        Assert.Equal("alice", (string?)report["userFromHttpContext"]);
        Assert.Equal("req-whoami-1", (string?)report["requestId"]);
        Assert.Equal("req-whoami-1", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Get_and_delete_are_405_in_stateless_mode()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, McpHttp.Path);
        get.Headers.Add("Accept", "text/event-stream");
        using var getResponse = await _client.SendAsync(get);
        using var deleteResponse = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, McpHttp.Path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, getResponse.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, deleteResponse.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_gateway_limit_is_413_before_the_sdk_reads_it()
    {
        var big = McpHttp.Request(9, "tools/call", new { name = "echo", arguments = new { text = new string('x', 70_000) } });
        using var response = await _client.SendAsync(McpHttp.Post(big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("payload_too_large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_over_the_gateway_limit_is_413()
    {
        var request = McpHttp.Post("");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(McpHttp.Request(9, "ping", new { pad = new string('x', 70_000) }))));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_jsonrpc_error_with_the_request_id_header()
    {
        var request = McpHttp.Post("{\"jsonrpc\":\"2.0\",");
        request.Headers.Add("X-Request-Id", "client-chosen-42");
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600); // the SDK answers unparsable bodies with Invalid Request, not Parse error
        Assert.Equal("client-chosen-42", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("http://evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("https://console.example.com.evil.test", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:5173", HttpStatusCode.OK)]
    [InlineData("http://127.0.0.1:8080", HttpStatusCode.OK)]
    [InlineData("https://console.example.com", HttpStatusCode.OK)]
    public async Task Origins_other_than_loopback_and_the_allowed_list_are_refused(string origin, HttpStatusCode expected)
    {
        var request = McpHttp.Post(McpHttp.Request(10, "ping"));
        request.Headers.Add("Origin", origin);
        using var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await McpHttp.ReadErrorAsync(response, -32600);
        }
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_tool_quietly()
    {
        var probe = _host.Factory.Services.GetRequiredService<SlowToolProbe>();
        probe.Reset();
        using var abort = new CancellationTokenSource();
        var call = _client.SendAsync(McpHttp.Post(McpHttp.Request(11, "tools/call", new { name = "slow", arguments = new { milliseconds = 60_000 } })), abort.Token);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        var warnings = _host.Logs.AtLeast(LogLevel.Warning).Where(e => !e.Contains("\"fail\"", StringComparison.Ordinal) && !e.Contains("'fail'", StringComparison.Ordinal)).ToArray();
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));
    }
}
