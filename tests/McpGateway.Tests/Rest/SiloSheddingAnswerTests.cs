using System.Net;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Tests.Mcp;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 9, overload: when a silo sheds load (Orleans refuses the call with GatewayTooBusyException), the gateway
/// answers what its own admission limit answers — 503 overloaded with Retry-After on REST, a tool error with the same
/// code and retry_after_seconds over MCP — and not a generic unavailable. A silo-side filter stands in for the shedding.
/// </summary>
public sealed class SiloSheddingAnswerTests
{
    /// <summary>Once on, refuses calls to the index registry (what list_indexes calls), as a silo over its threshold refuses client calls.</summary>
    private sealed class SheddingSilo : IIncomingGrainCallFilter
    {
        public volatile bool On;

        public Task Invoke(IIncomingGrainCallContext context)
            => On && context.Grain is IIndexRegistryGrain ? throw new GatewayTooBusyException("Shedding load (test).") : context.Invoke();
    }

    [Fact]
    public async Task A_silo_shedding_load_is_503_overloaded_with_retry_after_on_rest_and_mcp()
    {
        var silo = new SheddingSilo();
        using var factory = new GatewayFactory(configureServices: services => services.AddSingleton<IIncomingGrainCallFilter>(silo));
        var client = await factory.StartAsync();
        silo.On = true;

        using var rest = await client.GetAsync(new Uri("/v1/indexes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), rest.Headers.RetryAfter?.Delta);
        Assert.Equal("overloaded", (await rest.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());

        using var mcp = await client.SendAsync(McpHttp.Post(McpHttp.Request(1, "tools/call", new { name = "list_indexes", arguments = new { } })));
        var error = McpHttp.ToolErrorBody((await McpHttp.ReadResponseAsync(mcp))["result"]!);
        Assert.Equal("overloaded", (string?)error["code"]);
        Assert.Equal(1, (double?)error["retry_after_seconds"]);
    }
}
