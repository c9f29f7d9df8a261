using Microsoft.AspNetCore.Http.Features;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Response headers every answer carries (X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy
/// no-referrer, and Strict-Transport-Security when served over TLS), and the request-target limit: a URI longer than
/// <see cref="MaxRequestTargetLength"/> is refused with 414 in the error envelope. Kestrel's own request-line limit
/// is set above ours (<see cref="KestrelRequestLineLimit"/>), so only what Kestrel cannot parse at all gets its bare 414.
/// </summary>
internal sealed class HttpHygiene(RequestDelegate next)
{
    public const int MaxRequestTargetLength = 8 * 1024;

    /// <summary>Kestrel's request-line limit: ours plus room for the method and the protocol.</summary>
    public const int KestrelRequestLineLimit = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        // OnStarting: the error envelope clears the response's headers before it writes.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            return Task.CompletedTask;
        }, context);

        // The raw target as sent (Kestrel); servers that do not keep it (the test server) leave the decoded path.
        int length = Math.Max(context.Features.Get<IHttpRequestFeature>()?.RawTarget?.Length ?? 0,
            (context.Request.PathBase.Value?.Length ?? 0) + (context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0));
        if (length > MaxRequestTargetLength)
        {
            throw new GatewayException(StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong,
                $"The request target is {length} characters long; the gateway accepts at most {MaxRequestTargetLength}.");
        }
        return next(context);
    }
}
