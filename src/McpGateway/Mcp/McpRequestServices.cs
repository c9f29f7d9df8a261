using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Carries the HTTP request's scoped <see cref="IServiceProvider"/> (HttpContext.RequestServices) from the
/// endpoint to the MCP handler of each message, so <c>RequestContext&lt;T&gt;.Services</c> resolves the
/// request's scoped services, whether the server lives for one request (stateless) or for a session.
/// Messages that arrive without one (stdio) get a fresh scope that ends with the message.
/// </summary>
internal static class McpRequestServices
{
    private const string ItemKey = "OrleansSearch.McpGateway.RequestServices";

    /// <summary>Attaches the caller (HttpContext.User) and the request's services to an incoming message.</summary>
    public static void Attach(JsonRpcMessage message, HttpContext http)
    {
        var context = message.Context ??= new JsonRpcMessageContext();
        context.User = http.User;
        (context.Items ??= new Dictionary<string, object?>())[ItemKey] = http.RequestServices;
    }

    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.Items.TryGetValue(ItemKey, out var services) && services is IServiceProvider requestServices)
        {
            context.Services = requestServices;
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }
        var scope = (context.Server.Services ?? throw new InvalidOperationException("The MCP server was created without a service provider.")).CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            context.Services = scope.ServiceProvider;
            await next(context, cancellationToken).ConfigureAwait(false);
        }
    };
}
