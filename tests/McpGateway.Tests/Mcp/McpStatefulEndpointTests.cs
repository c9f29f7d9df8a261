using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// Stateful mode (Mcp:Stateless=false) as the gateway configures the SDK: sessions issued and bound to their
/// user, DELETE, idle expiry after Mcp:SessionIdleTimeout (on fake time), cancellation, and shutdown.
/// </summary>
public sealed class McpStatefulEndpointTests
{
    private static McpGatewayFactory CreateHost(Dictionary<string, string?>? settings = null, ManualTimeProvider? time = null)
    {
        var all = new Dictionary<string, string?> { ["Mcp:Stateless"] = "false" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        return new McpGatewayFactory(all, services =>
        {
            if (time is not null)
            {
                services.PostConfigure<HttpServerTransportOptions>(options => options.TimeProvider = time);
            }
        });
    }

    private static async Task<string> InitializeAsync(HttpClient client, string? user = null)
    {
        var request = McpHttp.Post(McpHttp.Initialize());
        if (user is not null)
        {
            request.Headers.Add(TestTools.UserHeader, user);
        }
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await McpHttp.ReadResponseAsync(response);
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        var initialized = McpHttp.Post(McpHttp.Notification("notifications/initialized"), sessionId);
        if (user is not null)
        {
            initialized.Headers.Add(TestTools.UserHeader, user);
        }
        using var ack = await client.SendAsync(initialized);
        Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
        return sessionId;
    }

    private static async Task<HttpStatusCode> PingAsync(HttpClient client, string sessionId)
    {
        using var response = await client.SendAsync(McpHttp.Post(McpHttp.Request(3, "ping"), sessionId));
        return response.StatusCode;
    }

    [Fact]
    public void The_mcp_section_maps_onto_the_sdk_transport_options()
    {
        using var host = CreateHost(new() { ["Mcp:SessionIdleTimeout"] = "00:03:00", ["Mcp:MaxIdleSessions"] = "7" });
        host.CreateClient();

        var transport = host.Services.GetRequiredService<IOptions<HttpServerTransportOptions>>().Value;

        Assert.False(transport.Stateless);
#pragma warning disable MCP9006 // the SDK's session settings, obsolete only for the 2026-07-28 revision
        Assert.Equal(TimeSpan.FromMinutes(3), transport.IdleTimeout);
        Assert.Equal(7, transport.MaxIdleSessionCount);
#pragma warning restore MCP9006
    }

    [Fact]
    public async Task Initialize_issues_a_session_id_that_later_requests_use()
    {
        using var host = CreateHost();
        var client = host.CreateClient();

        var first = await InitializeAsync(client);
        var second = await InitializeAsync(client);

        Assert.NotEqual(first, second);
        using var response = await client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/call", new { name = "echo", arguments = new { text = "hi" } }), first));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hi", (string?)(await McpHttp.ReadResponseAsync(response))["result"]!["structuredContent"]!["text"]);
    }

    [Fact]
    public async Task A_session_serves_only_the_user_who_started_it()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client, user: "carol");

        var own = McpHttp.Post(McpHttp.Request(5, "tools/call", new { name = "whoami", arguments = new { } }), sessionId);
        own.Headers.Add(TestTools.UserHeader, "carol");
        using var ownResponse = await client.SendAsync(own);
        var other = McpHttp.Post(McpHttp.Request(6, "tools/call", new { name = "whoami", arguments = new { } }), sessionId);
        other.Headers.Add(TestTools.UserHeader, "mallory");
        using var otherResponse = await client.SendAsync(other);

        var report = (await McpHttp.ReadResponseAsync(ownResponse))["result"]!["structuredContent"]!;
        Assert.Equal("carol", (string?)report["userFromContext"]);
        Assert.Equal("carol", (string?)report["userFromHttpContext"]);
        Assert.Equal(HttpStatusCode.Forbidden, otherResponse.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_session_or_with_an_unknown_one_are_refused()
    {
        using var host = CreateHost();
        var client = host.CreateClient();

        using var withoutSession = await client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/list")));

        Assert.Equal(HttpStatusCode.BadRequest, withoutSession.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await PingAsync(client, "no-such-session"));
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

        Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.NotFound, await PingAsync(client, sessionId));
    }

    [Fact]
    public async Task Delete_ends_the_stream_of_a_cancelled_call_cleanly_on_kestrel()
    {
        // Real Kestrel: the test server does not abort a response whose handler throws after it started.
        using var gateway = new KestrelGateway(new Dictionary<string, string?> { ["Mcp:Stateless"] = "false" });
        using var client = new HttpClient { BaseAddress = gateway.McpUrl };
        var sessionId = await InitializeAsync(client);
        var probe = gateway.Services.GetRequiredService<SlowToolProbe>();
        using var call = await client.SendAsync(McpHttp.Post(McpHttp.Request(8, "tools/call", new { name = "slow", arguments = new { milliseconds = 60_000 } }), sessionId),
            HttpCompletionOption.ResponseHeadersRead);
        var body = await call.Content.ReadAsStreamAsync();
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await client.SendAsync(McpHttp.Post(McpHttp.Notification("notifications/cancelled", new { requestId = 8 }), sessionId))).Dispose();
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var delete = new HttpRequestMessage(HttpMethod.Delete, McpHttp.Path);
        delete.Headers.Add("Mcp-Session-Id", sessionId);

        (await client.SendAsync(delete)).Dispose();

        // An aborted response throws here (the TypeScript client reports "SSE stream disconnected"); a finished one just ends.
        await body.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_session_idle_for_the_configured_timeout_ends_and_a_used_one_stays()
    {
        var time = new ManualTimeProvider();
        using var host = CreateHost(new() { ["Mcp:SessionIdleTimeout"] = "00:01:00", ["Logging:LogLevel:ModelContextProtocol"] = "Information" }, time);
        var client = host.CreateClient();
        var idle = await InitializeAsync(client);
        var busy = await InitializeAsync(client);

        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.OK, await PingAsync(client, busy));
        time.Advance(TimeSpan.FromSeconds(40));

        // The SDK closes idle sessions on its own loop after the timer tick: wait for its log line, not for the clock.
        await WaitUntilAsync(() => host.Logs.Entries.Any(e => IsIdleClose(e.Message, idle)), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NotFound, await PingAsync(client, idle));
        Assert.Equal(HttpStatusCode.OK, await PingAsync(client, busy));
        Assert.DoesNotContain(host.Logs.Entries, e => IsIdleClose(e.Message, busy));
    }

    [Fact]
    public async Task Notifications_cancelled_stops_the_tool_quietly()
    {
        using var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        var probe = host.Services.GetRequiredService<SlowToolProbe>();
        using var callAborted = new CancellationTokenSource();
        var call = client.SendAsync(McpHttp.Post(McpHttp.Request(7, "tools/call", new { name = "slow", arguments = new { milliseconds = 60_000 } }), sessionId),
            HttpCompletionOption.ResponseHeadersRead, callAborted.Token);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = await client.SendAsync(McpHttp.Post(McpHttp.Notification("notifications/cancelled", new { requestId = 7, reason = "user gave up" }), sessionId));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The SDK sends no response to a cancelled request and leaves its POST stream to the client, which
        // (like the TypeScript SDK) stops reading it; the session goes on.
        await callAborted.CancelAsync();
        try
        {
            (await call).Dispose();
        }
        catch (OperationCanceledException)
        {
        }
        Assert.Equal(HttpStatusCode.OK, await PingAsync(client, sessionId));
        var warnings = host.Logs.AtLeast(LogLevel.Warning);
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));
    }

    [Fact]
    public async Task Stopping_the_gateway_ends_open_sessions_and_their_streams()
    {
        var host = CreateHost();
        var client = host.CreateClient();
        var sessionId = await InitializeAsync(client);
        var get = new HttpRequestMessage(HttpMethod.Get, McpHttp.Path);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        using var stream = await client.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();
        var readToEnd = Task.Run(async () =>
        {
            try
            {
                await body.CopyToAsync(Stream.Null);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
            {
                // An aborted stream ends it too.
            }
        });

        await host.DisposeAsync();

        await readToEnd.WaitAsync(TimeSpan.FromSeconds(15));
        var errors = host.Logs.AtLeast(LogLevel.Error);
        Assert.True(errors.Length == 0, string.Join("\n", errors));
    }

    private static bool IsIdleClose(string message, string sessionId) =>
        message.Contains("idle session", StringComparison.OrdinalIgnoreCase) && message.Contains(sessionId, StringComparison.Ordinal);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
