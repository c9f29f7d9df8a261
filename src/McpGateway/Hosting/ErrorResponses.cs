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
                await WriteJsonRpcAsync(context, error);
                return;
            }
            await WriteAsync(context, error);
        }
    }

    private static bool IsMcp(HttpContext context) => context.Request.Path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An MCP client reads JSON-RPC: a refusal before the message could be read is an error with no id
    /// (-32600 invalid request), our code and request id in <c>data</c>.
    /// </summary>
    private static async Task WriteJsonRpcAsync(HttpContext context, GatewayException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
        await context.Response.WriteAsJsonAsync(new
        {
            jsonrpc = "2.0",
            id = (object?)null,
            error = new { code = -32600, message = error.Message, data = new { code = error.Code, request_id = context.TraceIdentifier } },
        });
    }

    public static async Task WriteAsync(HttpContext context, GatewayException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await context.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(error.Code, error.Message, context.TraceIdentifier, error.RetryAfter?.TotalSeconds)));
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
