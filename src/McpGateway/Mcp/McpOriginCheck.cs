using System.Text.Json;
using ModelContextProtocol;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Refuses MCP requests whose Origin header is neither loopback nor listed in
/// <see cref="McpEndpointOptions.AllowedOrigins"/>, with 403: the Streamable HTTP spec asks servers to check
/// Origin against DNS rebinding, and the SDK leaves that to the host. Requests without Origin (non-browser
/// clients) pass. It wraps the MCP endpoints themselves, so it runs after the gateway's middleware.
/// </summary>
internal sealed class McpOriginCheck(IEnumerable<string> allowedOrigins)
{
    private readonly string[] _allowed = [.. allowedOrigins];

    public RequestDelegate Wrap(RequestDelegate next) => http =>
    {
        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length == 0 || IsAllowed(origin) ? next(http) : RefuseAsync(http, origin);
    };

    /// <summary>A page served from this machine: trusted like a local process (MCP's rebinding defence is about remote pages).</summary>
    public static bool IsLoopback(string origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));

    private bool IsAllowed(string origin)
    {
        if (IsLoopback(origin))
        {
            return true;
        }
        foreach (var allowed in _allowed)
        {
            if (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task RefuseAsync(HttpContext http, string origin)
    {
        http.RequestServices.GetRequiredService<ILogger<McpOriginCheck>>().OriginRefused(http.TraceIdentifier, origin);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "application/json";
        // The same JSON-RPC error shape the SDK uses for its own HTTP refusals (no id: the body was not read).
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteStartObject("error");
        writer.WriteNumber("code", (int)McpErrorCode.InvalidRequest);
        writer.WriteString("message", $"Forbidden: origin '{origin}' is not allowed to call this MCP endpoint.");
        writer.WriteEndObject();
        writer.WriteNull("id");
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }
}
