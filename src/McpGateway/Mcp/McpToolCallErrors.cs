using System.Text.Encodings.Web;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Tools;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The call-tool filter that makes a client's mistake a tool error the model can act on, logged once at
/// Information without a stack trace: arguments that do not fit the tool's input schema
/// (<see cref="McpArgumentCheck"/>) or that the SDK cannot bind, and operations the gateway refused
/// (<see cref="ToolCallRefusedException"/>). The error text is REST's error body
/// (<c>{"code": "invalid_argument", "message": "Argument 'top_k' ...", "request_id": ...}</c>), so clients
/// branch on the same codes over both APIs. Only our own failures (500) are logged as errors; a cluster or store that cannot serve (503, 504) as a warning, as REST does.
/// The text copy of every result (what most clients show the model) is written with relaxed JSON escaping:
/// the SDK's default escapes HTML-sensitive characters, so highlights arrived as <c>\u003Cem\u003E</c>.
/// </summary>
internal sealed class McpToolCallErrors(ILogger<McpToolCallErrors> logger)
{
    public McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) => async (context, cancellationToken) =>
    {
        var name = context.Params?.Name ?? "";
        var tool = context.MatchedPrimitive as McpServerTool ?? FindTool(context.Server, name);
        if (tool is null)
        {
            // Unknown tools are the SDK's to answer (JSON-RPC -32602).
            return await next(context, cancellationToken).ConfigureAwait(false);
        }
        if (McpArgumentCheck.Find(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is var (argument, reason))
        {
            return InvalidArgument(context, name, $"Argument '{argument}' is invalid: {reason}.");
        }
        try
        {
            return WithRelaxedText(await next(context, cancellationToken).ConfigureAwait(false));
        }
        catch (ToolCallRefusedException refused)
        {
            var requestId = RequestId(context);
            if (refused.Error.Status == StatusCodes.Status500InternalServerError)
            {
                logger.ToolFailed(refused.InnerException ?? refused, name, requestId, refused.Error.Code);
            }
            else if (refused.Error.Status > 500)
            {
                logger.ToolUnavailable(refused.InnerException ?? refused, name, requestId, refused.Error.Code);
            }
            else
            {
                logger.ToolRefused(name, requestId, refused.Error.Code, refused.Error.Message);
            }
            return ErrorResult(new ErrorBody(refused.Error.Code, refused.Error.Message, requestId, refused.Error.RetryAfter?.TotalSeconds));
        }
        catch (Exception exception) when (IsBindingError(exception))
        {
            // What the schema check let through but the parameter types refused (e.g. a number too big for int).
            return InvalidArgument(context, name, $"The arguments do not fit the tool's parameters: {exception.Message}");
        }
    };

    private CallToolResult InvalidArgument(RequestContext<CallToolRequestParams> context, string tool, string message)
    {
        var requestId = RequestId(context);
        logger.ToolRefused(tool, requestId, ErrorCodes.InvalidArgument, message);
        context.Services?.GetService<GatewayInstruments>()?.RequestCompleted("tool:" + tool, 400);
        return ErrorResult(new ErrorBody(ErrorCodes.InvalidArgument, message, requestId));
    }

    /// <summary>Relaxed escaping is safe here: the text is JSON for a model to read, never HTML a browser renders.</summary>
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CallToolResult ErrorResult(ErrorBody body) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = JsonSerializer.Serialize(body, RelaxedJson) }],
    };

    /// <summary>Rewrites the text copy of a structured result from the structured content, escaping only what JSON requires.</summary>
    private static CallToolResult WithRelaxedText(CallToolResult result)
    {
        if (result.StructuredContent is { } structured && result.Content is [TextContentBlock text])
        {
            text.Text = JsonSerializer.Serialize(structured, RelaxedJson);
        }
        return result;
    }

    /// <summary>Argument binding (Microsoft.Extensions.AI) throws these before the tool's own code runs; our tools wrap everything they throw.</summary>
    private static bool IsBindingError(Exception exception) => exception is JsonException or ArgumentException or FormatException or OverflowException
        || exception.InnerException is JsonException or FormatException or OverflowException;

    private static McpServerTool? FindTool(McpServer server, string name) =>
        server.ServerOptions.ToolCollection is { } tools && tools.TryGetPrimitive(name, out var tool) ? tool : null;

    private static string RequestId(RequestContext<CallToolRequestParams> context) =>
        context.Services?.GetService<IHttpContextAccessor>()?.HttpContext?.TraceIdentifier ?? Guid.NewGuid().ToString("N");
}
