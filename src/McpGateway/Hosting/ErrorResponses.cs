using System.Globalization;
using System.Text.Json;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Turns every failure of a REST request into the error envelope with the request id: the gateway's
/// own refusals, malformed bodies (400), oversized bodies (413), and unexpected errors (500, details never
/// sent to the caller). Every 5xx is logged once, with the request id, the route and the exception.
/// </summary>
internal sealed partial class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var error = exception switch
            {
                GatewayException gateway => gateway,
                BadHttpRequestException { StatusCode: 413 } => new GatewayException(413, ErrorCodes.PayloadTooLarge, "The request body is larger than the gateway accepts (Limits:MaxBodyBytes)."),
                BadHttpRequestException bad => GatewayException.BadRequest(ErrorCodes.InvalidRequest, Describe(bad)),
                _ => null,
            };
            error ??= new GatewayException(500, ErrorCodes.Internal, "Internal error; it is logged with this request's id.", inner: exception);
            if (error.Status >= 500)
            {
                // Once per failed request, here and nowhere else: the cause (a grain's exception, a timeout) with it.
                string route = RequestMetrics.RouteOf(context) ?? $"{context.Request.Method} {context.Request.Path}";
                var cause = error.InnerException ?? exception;
                if (error.Status == StatusCodes.Status500InternalServerError)
                {
                    LogFailed(logger, context.TraceIdentifier, route, error.Status, error.Code, cause);
                }
                else
                {
                    LogUnavailable(logger, context.TraceIdentifier, route, error.Status, error.Code, cause);
                }
            }
            if (error.Status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status414UriTooLong && IsMcp(context))
            {
                await WriteJsonRpcAsync(context, error, JsonRpcInvalidRequest);
                return;
            }
            await WriteAsync(context, error);
        }
    }

    /// <summary>JSON-RPC's "invalid request": the HTTP request was refused for what the client sent (413, 414).</summary>
    public const int JsonRpcInvalidRequest = -32600;

    /// <summary>JSON-RPC's implementation-defined server error: refused for the server's state (overload), not the request.</summary>
    public const int JsonRpcServerError = -32000;

    public static bool IsMcp(HttpContext context) => context.Request.Path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An MCP client reads JSON-RPC: a refusal before the message could be read is an error with no id,
    /// our code, request id and (when given) retry_after_seconds in <c>data</c>.
    /// </summary>
    public static async Task WriteJsonRpcAsync(HttpContext context, GatewayException error, int jsonRpcCode)
    {
        StartErrorResponse(context, error);
        await context.Response.WriteAsJsonAsync(new
        {
            jsonrpc = "2.0",
            id = (object?)null,
            error = new { code = jsonRpcCode, message = error.Message, data = new ErrorBody(error.Code, error.Message, context.TraceIdentifier, error.RetryAfter?.TotalSeconds) },
        });
    }

    public static async Task WriteAsync(HttpContext context, GatewayException error)
    {
        StartErrorResponse(context, error);
        await context.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(error.Code, error.Message, context.TraceIdentifier, error.RetryAfter?.TotalSeconds)));
    }

    private static void StartErrorResponse(HttpContext context, GatewayException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Describe(BadHttpRequestException bad)
        => bad.InnerException is JsonException json
            ? $"The body is not valid JSON for this operation: {json.Message}"
            : bad.Message;

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Request {RequestId} {Route} failed: {Status} {Code}")]
    private static partial void LogFailed(ILogger logger, string requestId, string route, int status, string code, Exception exception);

    /// <summary>503/504: the cluster (not this gateway) could not serve; a warning, as it heals by itself.</summary>
    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Request {RequestId} {Route} failed: {Status} {Code}")]
    private static partial void LogUnavailable(ILogger logger, string requestId, string route, int status, string code, Exception exception);
}
