using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSearch.Cluster.Tests.Observability;

/// <summary>
/// Issue 10, logs: processes whose output is redirected (a container) log JSON by default; every line of a request
/// carries its request id and trace id; a 5xx is logged once with request id, route and exception; and neither an
/// API key (nor its hash) nor a connection-string password ever appears in any log line of a silo or the gateway.
/// </summary>
public sealed class LogHygieneTests(ITestOutputHelper output)
{
    // Made up per run: the test proves these never reach a log line, and no credential-like literal sits in the repo.
    private static readonly string ApiKey = "key-" + Guid.NewGuid().ToString("N");
    private static readonly string DatabasePassword = "db-" + Guid.NewGuid().ToString("N");
    private const string Index = "hygiene";
    private const string FailingRequestId = "log-hygiene-5xx-1";

    private static readonly string KeyHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)));

    [Fact]
    public async Task Logs_are_json_carry_request_and_trace_ids_log_a_5xx_once_and_never_a_secret()
    {
        var common = new Dictionary<string, string?>
        {
            // Unset: the default decides, and the processes' output is redirected, so JSON.
            ["Logging:Console:FormatterName"] = "",
            // Debug for our categories, ASP.NET Core and Npgsql: the chattiest logs are where a secret would leak.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Auth:Keys:0:ClientId"] = "ops",
            ["Auth:Keys:0:Sha256"] = KeyHash,
            ["Auth:Keys:0:Admin"] = "true",
            ["Auth:Keys:0:Read:0"] = "*",
            ["Auth:Keys:0:Write:0"] = "*",
        };
        await using var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions
        {
            Silos = 1,
            DatabasePassword = DatabasePassword,
            SiloSettings = common,
            GatewaySettings = common,
        });
        using var http = cluster.CreateGatewayClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        await GatewayApi.CreateIndexAsync(http, Index, shards: 2);
        await GatewayApi.EnsureAsync(await GatewayApi.WriteAsync(http, Index, "doc-1"), "write");
        await GatewayApi.EnsureAsync(await GatewayApi.SearchAllAsync(http, Index, allowPartial: false), "search");
        using (var wrongKey = new HttpClient { BaseAddress = cluster.Gateway!.HttpAddress })
        {
            wrongKey.DefaultRequestHeaders.Add("X-API-Key", ApiKey + "-wrong");
            using var refused = await wrongKey.GetAsync(new Uri("/v1/indexes", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        cluster.Silos[0].Kill();
        int status = await FailingSearchAsync(http);
        output.WriteLine($"search with the silo gone: HTTP {status}");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var gatewayLines = ReadLines(cluster.Gateway!);
        var json = gatewayLines.Where(line => line.StartsWith('{')).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList();
        Assert.True(json.Count > 10, $"The gateway logged {json.Count} JSON lines of {gatewayLines.Count}:\n{cluster.Gateway!.LogTail()}");

        var failures = json.Where(entry => entry.GetProperty("Message").GetString()!.Contains(FailingRequestId, StringComparison.Ordinal)
            && entry.GetProperty("EventId").GetInt32() is 20 or 21).ToList();
        Assert.True(failures.Count == 1, $"{failures.Count} failure lines for {FailingRequestId}:\n{string.Join('\n', failures)}");
        var failure = failures[0];
        output.WriteLine(failure.ToString());
        Assert.Contains("POST /v1/indexes/{index}/search", failure.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"failed: {status}", failure.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(failure.GetProperty("Exception").GetString()), "The 5xx line has no exception.");
        var scopes = failure.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, scope => scope.TryGetProperty("TraceId", out var trace) && trace.GetString()!.Length == 32);
        Assert.Contains(scopes, scope => scope.TryGetProperty("RequestId", out var id) && id.GetString() == FailingRequestId);

        // Every line logged inside that request carries its id.
        var inRequest = json.Where(entry => entry.TryGetProperty("Scopes", out var s) && s.EnumerateArray().Any(scope => scope.TryGetProperty("RequestId", out var id) && id.GetString() == FailingRequestId)).ToList();
        output.WriteLine($"{inRequest.Count} gateway lines carry request id {FailingRequestId}");

        foreach (var process in cluster.Silos.Append(cluster.Gateway!))
        {
            var lines = ReadLines(process);
            output.WriteLine($"{process.Name}: {lines.Count} log lines");
            foreach (string secret in new[] { ApiKey, KeyHash, DatabasePassword })
            {
                var leaks = lines.Where(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();
                Assert.True(leaks.Count == 0, $"{process.Name} logged a secret:\n{string.Join('\n', leaks.Take(5))}");
            }
        }
    }

    private static async Task<int> FailingSearchAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/indexes/{Index}/search", UriKind.Relative))
            {
                Content = JsonContent.Create(new { query = GatewayApi.CommonWord, top_k = 1, allow_partial = false }),
            };
            // One id for the request that fails; the ones before it (still answered from a cache or a late view) get their own.
            request.Headers.Add("X-Request-Id", FailingRequestId);
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                return (int)response.StatusCode;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException("No 5xx from a search within 60 s of losing the only silo.");
    }

    private static List<string> ReadLines(AppProcess process)
    {
        using var stream = new FileStream(process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
