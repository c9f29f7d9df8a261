using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansSearch.McpGateway.Tests.Observability;

/// <summary>
/// Issue 10, traces: with the standard OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf set,
/// the gateway exports its spans — the HTTP request's and Orleans' grain calls — to an OTLP/HTTP receiver (here a tiny
/// one in the test, which keeps every POST to /v1/traces). The gateway runs as its own process, so the variables are
/// its own and no other test exports.
/// </summary>
public sealed class OtlpExportTests
{
    private const string ServiceName = "otlp-export-test-gateway";

    [Fact]
    public async Task Spans_of_a_request_reach_an_otlp_http_receiver()
    {
        var exports = new ConcurrentQueue<(string? ContentType, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(exports);
        var endpoint = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var gateway = await EmbeddedGatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
            // Export every 200 ms rather than OpenTelemetry's 5 s, so the test waits less.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using var http = new HttpClient { BaseAddress = gateway.Process.HttpAddress };
        using var response = await http.GetAsync(new Uri("/v1/indexes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Protobuf keeps strings as UTF-8 bytes: the request's path and Orleans' instrumentation scope show in the body.
        await Rest.Eventually.TrueAsync(() => Exported(exports).Contains("/v1/indexes", StringComparison.Ordinal)
            && Exported(exports).Contains("Microsoft.Orleans", StringComparison.Ordinal), "the request's and a grain call's spans exported");
        Assert.All(exports, export => Assert.Equal("application/x-protobuf", export.ContentType));
        Assert.Contains(ServiceName, Exported(exports), StringComparison.Ordinal);
    }

    private static string Exported(ConcurrentQueue<(string? ContentType, byte[] Body)> exports)
        => string.Concat(exports.Select(export => Encoding.UTF8.GetString(export.Body)));

    /// <summary>An OTLP/HTTP trace receiver: accepts protobuf POSTs on /v1/traces and answers 200 with an empty response message.</summary>
    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<(string? ContentType, byte[] Body)> exports)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = builder.Build();
        receiver.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            exports.Enqueue((context.Request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver.StartAsync();
        return receiver;
    }
}
