using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Security;

namespace OrleansSearch.McpGateway.Tools;

/// <summary>
/// Runs a tool's operation as the calling client. A refusal leaves as <see cref="ToolCallRefusedException"/>,
/// which the MCP layer (Mcp/McpToolCallErrors) answers as a tool error whose text is the same error body REST
/// sends: a stable code, a message, the request id and, for rate limits, retry_after_seconds.
/// </summary>
internal static class ToolInvocation
{
    /// <summary>Over stdio the client is the local desktop process that started the gateway: it acts with full rights.</summary>
    private static readonly Caller LocalProcess = Caller.PerGateway("stdio", new RatePlanOptions { Capacity = 1000, PerSecond = 1000 }, ["*"], ["*"]);

    public static async Task<T> RunAsync<T>(RequestContext<CallToolRequestParams> request, string tool, Func<IndexOperations, Caller, Task<T>> operation)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request has no service provider.");
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        var instruments = services.GetRequiredService<GatewayInstruments>();
        try
        {
            var result = await operation(services.GetRequiredService<IndexOperations>(), http is null ? LocalProcess : Caller.From(http));
            instruments.RequestCompleted("tool:" + tool, 200);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var error = GrainErrors.Translate(exception);
            instruments.RequestCompleted("tool:" + tool, error.Status);
            throw new ToolCallRefusedException(error, exception);
        }
    }
}

/// <summary>A tool call the gateway refused (4xx: the client's mistake) or could not serve (5xx), as REST would answer it.</summary>
internal sealed class ToolCallRefusedException(GatewayException error, Exception cause) : Exception(error.Message, cause)
{
    public GatewayException Error { get; } = error;
}
