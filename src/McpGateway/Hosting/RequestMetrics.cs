using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Counts every REST request under <c>/v1</c> once, in <c>orleanssearch.gateway.requests</c>, by route (the matched
/// endpoint's method and route pattern, never the raw path, so label values stay few) and final status: the
/// error envelope's status for refusals and 5xx, 499 when the client went away first. Sits outside
/// <see cref="ErrorResponses"/> so it sees the status that middleware wrote. MCP is counted per tool call instead
/// (Tools/ToolInvocation), since one <c>/mcp</c> request is not one operation.
/// </summary>
internal sealed class RequestMetrics(RequestDelegate next, GatewayInstruments instruments)
{
    /// <summary>A /v1 path no endpoint matched (404, 405): one label value for all of them.</summary>
    public const string UnmatchedRoute = "unmatched";

    /// <summary>The client closed the connection before the answer (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        int? status = null;
        try
        {
            await next(context);
        }
        catch
        {
            // What ErrorResponses could not answer: the client left, or the response had already started.
            status = context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            instruments.RequestCompleted(RouteOf(context) ?? UnmatchedRoute, status ?? context.Response.StatusCode);
        }
    }

    /// <summary>The matched endpoint as <c>METHOD /route/{pattern}</c>; null when no endpoint matched.</summary>
    public static string? RouteOf(HttpContext context)
        => context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
            ? $"{context.Request.Method} {(pattern.StartsWith('/') ? pattern : "/" + pattern)}"
            : null;
}
