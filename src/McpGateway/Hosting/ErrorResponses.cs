using System.Globalization;
using System.Text.Json;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Turns every failure of a REST request into the error envelope with the request id: the gateway's
/// own refusals, malformed bodies (400), oversized bodies (413), and unexpected errors (500, logged
/// with the request id, details never sent to the caller).
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
            if (error is null)
            {
                LogUnexpected(logger, context.TraceIdentifier, context.Request.Path, exception);
                error = new GatewayException(500, ErrorCodes.Internal, "Internal error; it is logged with this request's id.");
            }
            await WriteAsync(context, error);
        }
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

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Request {RequestId} to {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string requestId, PathString path, Exception exception);
}
