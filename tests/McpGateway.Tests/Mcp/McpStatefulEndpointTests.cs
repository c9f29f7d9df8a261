using System.Net;
using Microsoft.Extensions.Logging;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>Stateful mode: sessions, their limit and expiry, DELETE, the GET stream, cancellation.</summary>
public sealed class McpStatefulEndpointTests
{
    private static McpGatewayFactory CreateHost(string maxSessions = "100", string idleTimeout = "00:10:00") => new(
        new Dictionary<string, string?>
        {
            ["Mcp:Stateless"] = "false",
            ["Mcp:MaxSessions"] = maxSessions,
            ["Mcp:SessionIdleTimeout"] = idleTimeout,
        });

    private static async Task<string> InitializeAsync(HttpClient client)
    {
        using var response = await client.SendAsync(McpHttp.Post(McpHttp.Initialize()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await McpHttp.ReadResponseAsync(response);
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await client.SendAsync(McpHttp.Post(McpHttp.Notification("notifications/initialized"), sessionId));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    [Fact]
    public async Task Initialize_issues_a_random_url_safe_session_id_used_by_later_requests()
    {
        using var host = CreateHost();
        var client = host.CreateClient();

        var first = await InitializeAsync(client);
        var second = await InitializeAsync(client);

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 43, first);
        Assert.All(first, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', first));
        using var response = await client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/call", new { name = "echo", arguments = new { text = "hi" } }), first));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first, response.Headers.GetValues("Mcp-Session-Id").Single());
        Assert.Equal("hi", (string?)(await McpHttp.ReadResponseAsync(response))["result"]!["structuredContent"]!["text"]);
    }

    [Fact]
    public async Task A_tool_reads_the_caller_and_the_request_scope_of_each_http_request_of_the_session()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);

        foreach (var user in new[] { "carol", "dave" })
        {
            var request = McpHttp.Post(McpHttp.Request(5, "tools/call", new { name = "whoami", arguments = new { } }), sessionId);
            request.Headers.Add(TestTools.UserHeader, user);
            using var response = await client.SendAsync(request);

            var result = (await McpHttp.ReadResponseAsync(response))["result"]!;
            Assert.True(result["isError"] is null, result.ToJsonString());
            var report = result["structuredContent"]!;
            Assert.Equal(user, (string?)report["userFromContext"]);
            Assert.Equal(user, (string?)report["userFromHttpContext"]);
            Assert.True((bool)report["sameScopeAsHttpRequest"]!);
        }
    }

    [Fact]
    public async Task A_request_without_a_session_id_other_than_initialize_is_400()
    {
        using var host = CreateHost();
        using var response = await host.CreateClient().SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/list")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await McpHttp.ReadErrorAsync(response, -32600);
    }

    [Fact]
    public async Task An_unknown_session_is_404_for_post_get_and_delete()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var get = new HttpRequestMessage(HttpMethod.Get, McpHttp.Path);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", "no-such-session");
        var delete = new HttpRequestMessage(HttpMethod.Delete, McpHttp.Path);
        delete.Headers.Add("Mcp-Session-Id", "no-such-session");

        foreach (var request in new[] { McpHttp.Post(McpHttp.Request(2, "ping"), "no-such-session"), get, delete })
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await McpHttp.ReadErrorAsync(response, -32001);
        }
    }

    [Fact]
    public async Task Delete_ends_the_session()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        var delete = new HttpRequestMessage(HttpMethod.Delete, McpHttp.Path);
        delete.Headers.Add("Mcp-Session-Id", sessionId);

        using var deleted = await client.SendAsync(delete);
        using var after = await client.SendAsync(McpHttp.Post(McpHttp.Request(2, "ping"), sessionId));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task A_full_session_table_refuses_initialize_with_503_until_a_session_ends()
    {
        using var host = CreateHost(maxSessions: "2");
        var client = host.CreateClient();
        var first = await InitializeAsync(client);
        await InitializeAsync(client);

        using (var refused = await client.SendAsync(McpHttp.Post(McpHttp.Initialize())))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.False(refused.Headers.Contains("Mcp-Session-Id"));
            await McpHttp.ReadErrorAsync(refused, -32000);
        }

        var delete = new HttpRequestMessage(HttpMethod.Delete, McpHttp.Path);
        delete.Headers.Add("Mcp-Session-Id", first);
        (await client.SendAsync(delete)).Dispose();
        await InitializeAsync(client);
    }

    [Fact]
    public async Task An_idle_session_expires_and_then_is_404()
    {
        using var host = CreateHost(idleTimeout: "00:00:00.300");
        var client = host.CreateClient();
        var idle = await InitializeAsync(client);
        var busy = await InitializeAsync(client);

        // The busy session keeps being used at a third of the timeout; the idle one is left alone.
        var deadline = DateTime.UtcNow.AddSeconds(1.2);
        while (DateTime.UtcNow < deadline)
        {
            using var ping = await client.SendAsync(McpHttp.Post(McpHttp.Request(3, "ping"), busy));
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            await Task.Delay(100);
        }

        using var expired = await client.SendAsync(McpHttp.Post(McpHttp.Request(2, "ping"), idle));
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        await McpHttp.ReadErrorAsync(expired, -32001);
    }

    [Fact]
    public async Task Get_opens_one_server_to_client_event_stream_per_session()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        HttpRequestMessage Get()
        {
            var get = new HttpRequestMessage(HttpMethod.Get, McpHttp.Path);
            get.Headers.Add("Accept", "text/event-stream");
            get.Headers.Add("Mcp-Session-Id", sessionId);
            return get;
        }

        using var stream = await client.SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Get_that_does_not_accept_sse_is_406()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        var get = new HttpRequestMessage(HttpMethod.Get, McpHttp.Path);
        get.Headers.Add("Accept", "application/json");
        get.Headers.Add("Mcp-Session-Id", sessionId);

        using var response = await client.SendAsync(get);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Notifications_cancelled_stops_the_tool_quietly()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        var probe = host.Services.GetRequiredService<SlowToolProbe>();
        var call = client.SendAsync(McpHttp.Post(McpHttp.Request(7, "tools/call", new { name = "slow", arguments = new { milliseconds = 60_000 } }), sessionId));
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = await client.SendAsync(McpHttp.Post(McpHttp.Notification("notifications/cancelled", new { requestId = 7, reason = "user gave up" }), sessionId));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var callResponse = await call.WaitAsync(TimeSpan.FromSeconds(10));
        var events = await McpHttp.ReadEventsAsync(callResponse);
        Assert.DoesNotContain(events, e => e["result"] is not null);
        var warnings = host.Logs.AtLeast(LogLevel.Warning);
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));
    }

    [Fact]
    public async Task Stopping_the_gateway_ends_open_sessions()
    {
        var host = CreateHost();
        var client = host.CreateClient();
        await InitializeAsync(client);

        await host.DisposeAsync();
    }
}
