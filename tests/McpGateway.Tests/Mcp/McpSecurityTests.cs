using System.Net;
using OrleansSearch.McpGateway.Security;
using OrleansSearch.McpGateway.Tests.Rest;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The gateway's API keys guard /mcp in front of the SDK, and a stateful session belongs to the client whose
/// key started it. The tools then act with that client's rights.
/// </summary>
public sealed class McpSecurityTests : IDisposable
{
    private const string AdminKey = "mcp-admin-key-5a2c8e1f7b";
    private const string ReaderKey = "mcp-reader-key-9d4b0c6e2a";

    private readonly GatewayFactory _factory = new(new Dictionary<string, string?>
    {
        ["Mcp:Stateless"] = "false",
        ["Auth:Keys:0:ClientId"] = "admin",
        ["Auth:Keys:0:Sha256"] = ApiKeyEntry.HashOf(AdminKey),
        ["Auth:Keys:0:Read:0"] = "*",
        ["Auth:Keys:0:Write:0"] = "*",
        ["Auth:Keys:1:ClientId"] = "reader",
        ["Auth:Keys:1:Sha256"] = ApiKeyEntry.HashOf(ReaderKey),
        ["Auth:Keys:1:Read:0"] = "public",
    });

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }
        return request;
    }

    private static async Task<string> InitializeAsync(HttpClient client, string key)
    {
        using var response = await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Initialize()), key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        (await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Notification("notifications/initialized"), sessionId), key))).Dispose();
        return sessionId;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Mcp_without_a_valid_key_is_401_before_the_sdk_sees_it(string? key)
    {
        var client = _factory.CreateClient();

        using var response = await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Initialize()), key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unauthorized", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
    }

    [Fact]
    public async Task A_session_serves_only_the_client_whose_key_started_it()
    {
        var client = _factory.CreateClient();
        var sessionId = await InitializeAsync(client, AdminKey);

        using var own = await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Request(2, "ping"), sessionId), AdminKey));
        using var other = await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Request(3, "ping"), sessionId), ReaderKey));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task A_tool_acts_with_the_rights_of_the_key()
    {
        var client = _factory.CreateClient();
        var sessionId = await InitializeAsync(client, ReaderKey);

        using var response = await client.SendAsync(WithKey(McpHttp.Post(McpHttp.Request(4, "tools/call",
            new { name = "create_index", arguments = new { name = "secrets", fields = new[] { new { name = "body", type = "text" } } } }), sessionId), ReaderKey));

        var error = McpHttp.ToolErrorBody((await McpHttp.ReadResponseAsync(response))["result"]!);
        Assert.Equal("forbidden", (string?)error["code"]);
    }

    public void Dispose() => _factory.Dispose();
}
