using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Security;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests.Rest;

public sealed class SecuredGatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-4f1b7c2a9e";
    public const string ReaderKey = "reader-key-8d3e6a1f0b";
    public const string ThrottledKey = "throttled-key-2c9b5e7d1a";
    public const string SlowClientKey = "slow-client-key-6e0a4b8c3f";

    /// <summary>The search clock (rate-limit buckets, leases): moved by the tests, so no test sleeps for a lease to expire.</summary>
    public ManualTimeProvider Clock { get; } = new();

    public GatewayFactory Factory { get; }

    public SecuredGatewayFixture() => Factory = new(Settings, services => services.AddKeyedSingleton<TimeProvider>(SearchClock.Key, Clock));

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Auth:Keys:0:ClientId"] = "admin",
        ["Auth:Keys:0:Sha256"] = ApiKeyEntry.HashOf(AdminKey),
        ["Auth:Keys:0:Read:0"] = "*",
        ["Auth:Keys:0:Write:0"] = "*",
        ["Auth:Keys:0:Plan:Capacity"] = "1000",
        ["Auth:Keys:0:Plan:PerSecond"] = "1000",
        ["Auth:Keys:1:ClientId"] = "reader",
        ["Auth:Keys:1:Sha256"] = ApiKeyEntry.HashOf(ReaderKey),
        ["Auth:Keys:1:Read:0"] = "public",
        ["Auth:Keys:1:Plan:Capacity"] = "1000",
        ["Auth:Keys:1:Plan:PerSecond"] = "1000",
        ["Auth:Keys:2:ClientId"] = "throttled",
        ["Auth:Keys:2:Sha256"] = ApiKeyEntry.HashOf(ThrottledKey),
        ["Auth:Keys:2:Read:0"] = "*",
        ["Auth:Keys:2:Plan:Capacity"] = "3",
        ["Auth:Keys:2:Plan:PerSecond"] = "0.01",
        ["Auth:Keys:3:ClientId"] = "slow-client",
        ["Auth:Keys:3:Sha256"] = ApiKeyEntry.HashOf(SlowClientKey),
        ["Auth:Keys:3:Read:0"] = "*",
        ["Auth:Keys:3:Plan:Capacity"] = "3",
        ["Auth:Keys:3:Plan:PerSecond"] = "0.01",
    };

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await Factory.StartAsync();
        foreach (string name in (string[])["public", "private"])
        {
            using var create = Request(HttpMethod.Post, "/v1/indexes", AdminKey, new { name, fields = new[] { new { name = "body", type = "text" } } });
            (await Client.SendAsync(create)).EnsureSuccessStatusCode();
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? key, object? body = null, bool asHeader = false)
    {
        var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            if (asHeader)
            {
                request.Headers.Add("X-API-Key", key);
            }
            else
            {
                request.Headers.Authorization = new("Bearer", key);
            }
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SecurityTests(SecuredGatewayFixture fixture) : IClassFixture<SecuredGatewayFixture>
{
    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? key, object? body = null, bool asHeader = false)
    {
        using var request = SecuredGatewayFixture.Request(method, url, key, body, asHeader);
        return await fixture.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_401_with_the_error_envelope()
    {
        var missing = await Send(HttpMethod.Get, "/v1/indexes", key: null);
        var wrong = await Send(HttpMethod.Get, "/v1/indexes", key: "not-a-real-key");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("unauthorized", (await wrong.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Keys_are_accepted_as_bearer_tokens_and_as_x_api_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v1/indexes", SecuredGatewayFixture.ReaderKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v1/indexes", SecuredGatewayFixture.ReaderKey, asHeader: true)).StatusCode);
    }

    [Fact]
    public async Task Rights_are_per_index_and_per_operation()
    {
        var readPublic = await Send(HttpMethod.Post, "/v1/indexes/public/search", SecuredGatewayFixture.ReaderKey, new { query = "x" });
        var readPrivate = await Send(HttpMethod.Post, "/v1/indexes/private/search", SecuredGatewayFixture.ReaderKey, new { query = "x" });
        var writePublic = await Send(HttpMethod.Post, "/v1/indexes/public/documents", SecuredGatewayFixture.ReaderKey, new { documents = new[] { new { id = "1", fields = new { body = "x" } } } });
        var create = await Send(HttpMethod.Post, "/v1/indexes", SecuredGatewayFixture.ReaderKey, new { name = "mine", fields = new[] { new { name = "body", type = "text" } } });

        Assert.Equal(HttpStatusCode.OK, readPublic.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readPrivate.StatusCode);
        Assert.Equal("forbidden", (await readPrivate.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, writePublic.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task A_burst_beyond_the_plan_gets_429_with_retry_after_and_other_clients_are_unaffected()
    {
        var statuses = new List<HttpResponseMessage>();
        for (int i = 0; i < 12; i++)
        {
            statuses.Add(await Send(HttpMethod.Post, "/v1/indexes/public/search", SecuredGatewayFixture.ThrottledKey, new { query = "x" }));
        }

        int allowed = statuses.Count(s => s.StatusCode == HttpStatusCode.OK);
        var limited = statuses.Where(s => s.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(allowed, 3, 3 + Security.ClientRateLimiter.LeaseSize - 1);
        Assert.NotEmpty(limited);
        Assert.True(limited[0].Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        var error = (await limited[0].ReadJsonAsync()).GetProperty("error");
        Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        Assert.True(error.GetProperty("retry_after_seconds").GetDouble() > 0);

        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/v1/indexes/public/search", SecuredGatewayFixture.ReaderKey, new { query = "x" })).StatusCode);
        }
    }

    [Fact]
    public async Task A_client_slower_than_the_lease_still_gets_its_whole_plan()
    {
        var statuses = new List<HttpStatusCode>
        {
            (await Send(HttpMethod.Post, "/v1/indexes/public/search", SecuredGatewayFixture.SlowClientKey, new { query = "x" })).StatusCode,
        };
        fixture.Clock.Advance(ClientRateLimiter.LeaseLifetime + TimeSpan.FromMilliseconds(1));
        for (int i = 0; i < 5; i++)
        {
            statuses.Add((await Send(HttpMethod.Post, "/v1/indexes/public/search", SecuredGatewayFixture.SlowClientKey, new { query = "x" })).StatusCode);
        }

        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Keys_never_appear_in_the_logs()
    {
        await Send(HttpMethod.Get, "/v1/indexes", SecuredGatewayFixture.AdminKey);
        await Send(HttpMethod.Get, "/v1/indexes", "a-wrong-key-that-must-not-be-logged");
        await Send(HttpMethod.Post, "/v1/indexes/private/search", SecuredGatewayFixture.ReaderKey, new { query = "x" });

        Assert.NotEmpty(fixture.Factory.Logs.Messages);
        foreach (string secret in (string[])[SecuredGatewayFixture.AdminKey, SecuredGatewayFixture.ReaderKey, "a-wrong-key-that-must-not-be-logged"])
        {
            Assert.DoesNotContain(fixture.Factory.Logs.Messages, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
