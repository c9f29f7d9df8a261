using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The service provider every gateway MCP server is created with. It resolves from the services of the
/// message being handled: the HTTP request's scope (HttpContext.RequestServices) for Streamable HTTP, so
/// <c>RequestContext&lt;T&gt;.Services</c> gives a tool the request's scoped services even when the server
/// lives for a whole session; over stdio, a scope made for each message. The current services ride the
/// execution context, which the transports flow from the POST into the handler
/// (FlowExecutionContextFromRequests); the SDK itself keeps only the caller from a message's context.
/// </summary>
internal sealed class McpRequestServices(IServiceProvider root) : IKeyedServiceProvider
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    private IServiceProvider Services => Current.Value ?? root;

    public object? GetService(Type serviceType) => Services.GetService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) =>
        Services is IKeyedServiceProvider keyed ? keyed.GetKeyedService(serviceType, serviceKey) : null;

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        Services is IKeyedServiceProvider keyed
            ? keyed.GetRequiredKeyedService(serviceType, serviceKey)
            : throw new InvalidOperationException($"The current service provider does not support keyed services (asked for {serviceType}).");

    /// <summary>Attaches the caller (HttpContext.User) to the message and the request's services to this async flow.</summary>
    public static void Attach(JsonRpcMessage message, HttpContext http)
    {
        (message.Context ??= new JsonRpcMessageContext()).User = http.User;
        Current.Value = http.RequestServices;
    }

    /// <summary>Gives a message that came without request services (stdio) a scope of its own for its handling.</summary>
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (Current.Value is not null)
        {
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }
        var scope = context.Server.Services!.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            Current.Value = scope.ServiceProvider;
            await next(context, cancellationToken).ConfigureAwait(false);
        }
    };
}
