using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Bounds the work one gateway takes on (issue 9, overload): at most <see cref="GatewayLimits.MaxConcurrentRequests"/>
/// requests run, at most <see cref="GatewayLimits.MaxQueuedRequests"/> wait (oldest first), and the rest are refused at
/// once with 503 <c>overloaded</c> and Retry-After — in the error envelope on REST, as a JSON-RPC error on <c>/mcp</c>
/// — and counted in <c>orleanssearch.gateway.overloaded</c>. Without a bound, a gateway offered more than it can serve
/// queued everything (p50 5.7 s at 800 requests/s against a capacity of 600) and starved its silos.
/// </summary>
/// <remarks>
/// ASP.NET Core's rate-limiting middleware with one <see cref="ConcurrencyLimiter"/> for the whole gateway. What an
/// operator or orchestrator needs while the gateway is overloaded is never refused: health and readiness probes,
/// <c>/metrics</c> and <c>/dashboard</c>. Neither is the stateful MCP GET stream: it stays open for the whole session
/// and carries no work of its own, so counting it would let a few idle sessions hold every slot.
/// </remarks>
internal static class AdmissionControl
{
    private static readonly string[] OperatorPaths = ["/health", "/metrics", "/dashboard"];

    private const string Unlimited = "unlimited";
    private const string Admitted = "admitted";

    public static IServiceCollection AddAdmissionControl(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<GatewayLimits>((options, limits) =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context)
                ? RateLimitPartition.GetNoLimiter(Unlimited)
                : RateLimitPartition.GetConcurrencyLimiter(Admitted, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.MaxConcurrentRequests,
                    QueueLimit = limits.MaxQueuedRequests,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = (rejected, _) => new ValueTask(RefuseAsync(rejected.HttpContext));
        });
        return services;
    }

    /// <summary>Runs the admission limit; place it after the request id, error envelope and CORS middleware, before any work.</summary>
    public static IApplicationBuilder UseAdmissionControl(this IApplicationBuilder app) => app.UseRateLimiter();

    private static bool IsExempt(HttpContext context)
    {
        var path = context.Request.Path;
        foreach (var operatorPath in OperatorPaths)
        {
            if (path.StartsWithSegments(operatorPath, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return HttpMethods.IsGet(context.Request.Method) && ErrorResponses.IsMcp(context);
    }

    private static Task RefuseAsync(HttpContext context)
    {
        bool mcp = ErrorResponses.IsMcp(context);
        context.RequestServices.GetRequiredService<GatewayInstruments>().Overloaded(mcp ? "mcp" : "rest");
        var error = GatewayException.Overloaded("The gateway is serving as many requests as it takes (Limits:MaxConcurrentRequests, Limits:MaxQueuedRequests); retry after the delay.");
        return mcp ? ErrorResponses.WriteJsonRpcAsync(context, error, ErrorResponses.JsonRpcServerError) : ErrorResponses.WriteAsync(context, error);
    }
}
