using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>The default (stateless) Streamable HTTP endpoint, rule by rule, through the real gateway pipeline.</summary>
public sealed class McpStatelessEndpointTests : IClassFixture<McpStatelessEndpointTests.Host>
{
    public sealed class Host : IDisposable
    {
        public McpGatewayFactory Factory { get; } = new(
            new Dictionary<string, string?> { ["Mcp:MaxRequestBodyBytes"] = "65536", ["Mcp:AllowedOrigins:0"] = "https://console.example.com" });

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
    public async Task Initialize_answers_over_sse_without_a_session_id()
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
    public async Task Any_request_is_served_without_a_prior_initialize_on_this_replica()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/list")));

        var tools = (await McpHttp.ReadResponseAsync(response))["result"]!["tools"]!.AsArray();
        var names = tools.Select(t => (string)t!["name"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "echo", "fail", "slow", "whoami", "search", "get_document", "lookup", "index_documents", "delete_documents", "create_index", "list_indexes", "describe_index" }, names);
        var echo = tools.Single(t => (string?)t!["name"] == "echo")!;
        Assert.Equal("string", (string?)echo["inputSchema"]!["properties"]!["text"]!["type"]);
        Assert.NotNull(echo["outputSchema"]);
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
    public async Task A_tool_reads_the_caller_and_the_request_scope_of_the_http_request()
    {
        var request = McpHttp.Post(McpHttp.Request(5, "tools/call", new { name = "whoami", arguments = new { } }));
        request.Headers.Add(TestTools.UserHeader, "alice");
        request.Headers.Add("X-Request-Id", "req-whoami-1");
        using var response = await _client.SendAsync(request);

        var report = (await McpHttp.ReadResponseAsync(response))["result"]!["structuredContent"]!;
        Assert.Equal("alice", (string?)report["userFromContext"]);
        Assert.Equal("alice", (string?)report["userFromHttpContext"]);
        Assert.True((bool)report["sameScopeAsHttpRequest"]!);
        Assert.Equal("req-whoami-1", (string?)report["requestId"]);
        Assert.Equal("req-whoami-1", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("notifications/initialized")]
    [InlineData("notifications/cancelled")]
    public async Task Notifications_are_acknowledged_with_202_and_no_body(string method)
    {
        var body = method == "notifications/cancelled"
            ? McpHttp.Notification(method, new { requestId = 99, reason = "test" })
            : McpHttp.Notification(method);
        using var response = await _client.SendAsync(McpHttp.Post(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_response_only_post_is_acknowledged_with_202()
    {
        using var response = await _client.SendAsync(McpHttp.Post("""{"jsonrpc":"2.0","id":"s-1","result":{}}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
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
        Assert.Equal("POST", getResponse.Content.Headers.Allow.Single());
        await McpHttp.ReadErrorAsync(getResponse, -32600);
        await McpHttp.ReadErrorAsync(deleteResponse, -32600);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    [InlineData("")]
    public async Task A_post_that_does_not_accept_both_json_and_sse_is_406(string accept)
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Initialize(), accept: accept));

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600);
    }

    [Fact]
    public async Task Wildcard_accept_is_accepted()
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Request(6, "ping"), accept: "*/*"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_content_is_415(string contentType)
    {
        using var response = await _client.SendAsync(McpHttp.Post(McpHttp.Initialize(), contentType: contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600);
    }

    [Fact]
    public async Task An_unsupported_protocol_version_header_is_400_with_the_supported_list()
    {
        var request = McpHttp.Post(McpHttp.Request(7, "tools/list"));
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var data = (await McpHttp.ReadErrorAsync(response, -32022))["error"]!["data"]!;
        Assert.Equal("1999-01-01", (string?)data["requested"]);
        Assert.Contains("2025-06-18", data["supported"]!.AsArray().Select(v => (string?)v));
    }

    [Theory]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Supported_protocol_version_headers_are_served(string version)
    {
        var request = McpHttp.Post(McpHttp.Request(8, "ping"));
        request.Headers.Add("MCP-Protocol-Version", version);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var big = McpHttp.Request(9, "tools/call", new { name = "echo", arguments = new { text = new string('x', 70_000) } });
        using var response = await _client.SendAsync(McpHttp.Post(big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        var request = McpHttp.Post("");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(McpHttp.Request(9, "ping", new { pad = new string('x', 70_000) }))));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_a_parse_error_with_400(string body)
    {
        using var response = await _client.SendAsync(McpHttp.Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32700);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""")]
    [InlineData("42")]
    [InlineData("""{"jsonrpc":"2.0","id":{"nested":true},"method":"ping"}""")]
    public async Task Json_that_is_not_a_jsonrpc_message_is_an_invalid_request_with_400(string body)
    {
        using var response = await _client.SendAsync(McpHttp.Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600);
    }

    [Fact]
    public async Task A_missing_request_id_is_created_and_matches_the_error_body()
    {
        using var response = await _client.SendAsync(McpHttp.Post("{"));

        var body = await McpHttp.ReadErrorAsync(response, -32700);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["data"]!["requestId"]));
    }

    [Fact]
    public async Task A_supplied_request_id_is_echoed_in_the_header_and_the_error_body()
    {
        var request = McpHttp.Post("{");
        request.Headers.Add("X-Request-Id", "client-chosen-42");
        using var response = await _client.SendAsync(request);

        var body = await McpHttp.ReadErrorAsync(response, -32700);
        Assert.Equal("client-chosen-42", (string?)body["error"]!["data"]!["requestId"]);
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
        var warnings = _host.Logs.AtLeast(LogLevel.Warning).Where(e => !e.Contains("\"fail\"", StringComparison.Ordinal)).ToArray();
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));
    }
}
