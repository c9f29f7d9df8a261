using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// A client's mistakes in a tool call (arguments that do not fit the tool, operations the gateway refuses)
/// are tool errors that name the argument and the reason, logged once at Information or below and without a
/// stack trace: they are not the gateway's faults.
/// </summary>
public sealed class McpToolErrorTests : IClassFixture<McpToolErrorTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public McpGatewayFactory Factory { get; } = new(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:ModelContextProtocol"] = "Trace",
            ["Logging:LogLevel:OrleansSearch.McpGateway"] = "Trace",
        });

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync() => Client = await Factory.StartAsync();

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Host _host;

    public McpToolErrorTests(Host host) => _host = host;

    public static TheoryData<string, string, string> MalformedArguments => new()
    {
        // tool, arguments (raw JSON, so a lone surrogate escape reaches the server as sent), the argument to be named
        { "search", """{"index": "docs", "query": "dune", "top_k": "ten"}""", "top_k" },
        { "search", """{"index": "docs"}""", "query" },
        { "search", """{"index": "docs", "query": "dune", "require_all": "yes"}""", "require_all" },
        { "search", """{"index": "docs", "query": "dune", "top_k": 2.5}""", "top_k" },
        { "index_documents", """{"index": "docs", "documents": [{"id": 7, "fields": {}}]}""", "documents" },
        { "echo", """{"text": ["not", "a", "string"]}""", "text" },
    };

    [Theory]
    [MemberData(nameof(MalformedArguments))]
    public async Task A_malformed_argument_is_an_invalid_argument_tool_error_naming_it_and_logged_once_quietly(string tool, string arguments, string argument)
    {
        var requestId = "bad-args-" + Guid.NewGuid().ToString("N");
        var body = $$$"""{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}}}""";
        var request = McpHttp.Post(body);
        request.Headers.Add("X-Request-Id", requestId);
        int before = _host.Factory.Logs.Entries.Count;

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await McpHttp.ReadResponseAsync(response);
        Assert.True(raw["result"] is not null, raw.ToJsonString() + string.Join("\n", _host.Factory.Logs.Entries.Skip(before).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
        var error = McpHttp.ToolErrorBody(raw["result"]!);
        Assert.Equal("invalid_argument", (string?)error["code"]);
        Assert.Contains($"'{argument}'", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(requestId, (string?)error["request_id"]);
        AssertLoggedOnceQuietly(before, requestId);
    }

    [Theory]
    [InlineData("query")]
    [InlineData("filters")]
    public async Task A_lone_surrogate_is_invalid_params_naming_the_argument_and_logged_once_quietly(string argument)
    {
        var requestId = "surrogate-" + Guid.NewGuid().ToString("N");
        var arguments = argument == "query" ? """{"index": "docs", "query": "dune \ud800 sand"}""" : """{"index": "docs", "query": "dune", "filters": {"section": "\udc00"}}""";
        var request = McpHttp.Post($$$"""{"jsonrpc":"2.0","id":24,"method":"tools/call","params":{"name":"search","arguments":{{{arguments}}}}}""");
        request.Headers.Add("X-Request-Id", requestId);
        int before = _host.Factory.Logs.Entries.Count;

        using var response = await _host.Client.SendAsync(request);

        var error = (await McpHttp.ReadResponseAsync(response))["error"]!;
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Contains($"params.arguments.{argument}", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("lone UTF-16 surrogate", (string?)error["message"], StringComparison.Ordinal);
        AssertLoggedOnceQuietly(before, requestId);
    }

    [Fact]
    public async Task The_reason_is_specific()
    {
        var missing = await CallAsync("search", new JsonObject { ["index"] = "docs" });
        var wrongType = await CallAsync("search", new JsonObject { ["index"] = "docs", ["query"] = "q", ["top_k"] = "ten" });
        var nested = await CallAsync("index_documents", JsonNode.Parse("""{"index": "docs", "documents": [{"id": "a", "fields": {}}, {"fields": {}}]}""")!.AsObject());

        Assert.Equal("Argument 'query' is invalid: it is required but missing.", (string?)missing["message"]);
        Assert.Equal("Argument 'top_k' is invalid: expected an integer, got a string.", (string?)wrongType["message"]);
        Assert.Equal("Argument 'documents' is invalid: at documents[1]: the property 'id' is required but missing.", (string?)nested["message"]);
    }

    [Fact]
    public async Task A_gateway_refusal_is_a_tool_error_with_its_code_logged_once_quietly()
    {
        var requestId = "refused-" + Guid.NewGuid().ToString("N");
        var request = McpHttp.Post(McpHttp.Request(22, "tools/call", new { name = "search", arguments = new { index = "no-such-index", query = "dune" } }));
        request.Headers.Add("X-Request-Id", requestId);
        int before = _host.Factory.Logs.Entries.Count;

        using var response = await _host.Client.SendAsync(request);

        var error = McpHttp.ToolErrorBody((await McpHttp.ReadResponseAsync(response))["result"]!);
        Assert.Equal("index_not_found", (string?)error["code"]);
        Assert.Equal(requestId, (string?)error["request_id"]);
        AssertLoggedOnceQuietly(before, requestId);
    }

    [Fact]
    public async Task A_successful_tool_call_logs_nothing_at_information()
    {
        int before = _host.Factory.Logs.Entries.Count;

        await CallAsync("echo", new JsonObject { ["text"] = "hi" }, expectError: false);

        var noisy = _host.Factory.Logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Information).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToArray();
        Assert.True(noisy.Length == 0, string.Join("\n", noisy));
    }

    private async Task<JsonNode> CallAsync(string tool, JsonObject arguments, bool expectError = true)
    {
        using var response = await _host.Client.SendAsync(McpHttp.Post(McpHttp.Request(23, "tools/call", new { name = tool, arguments })));
        var result = (await McpHttp.ReadResponseAsync(response))["result"]!;
        return expectError ? McpHttp.ToolErrorBody(result) : result;
    }

    /// <summary>Exactly one entry names the request, at Information or below and without an exception; nothing at Warning or above.</summary>
    private void AssertLoggedOnceQuietly(int before, string requestId)
    {
        var entries = _host.Factory.Logs.Entries.Skip(before).ToArray();
        // Trace entries (the SDK's dumps of whole messages, off by default) are not log lines about the mistake.
        var about = entries.Where(e => e.Level >= LogLevel.Debug && e.Message.Contains(requestId, StringComparison.Ordinal)).ToArray();
        Assert.True(about.Length == 1, "expected one entry naming the request:\n" + string.Join("\n", about.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
        Assert.True(about[0].Level <= LogLevel.Information, $"{about[0].Level} {about[0].Category}: {about[0].Message}");
        var loud = entries.Where(e => e.Level >= LogLevel.Warning || e.Exception is not null).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").ToArray();
        Assert.True(loud.Length == 0, string.Join("\n", loud));
    }
}
