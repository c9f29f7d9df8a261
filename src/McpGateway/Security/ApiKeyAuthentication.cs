using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Security;

/// <summary>
/// Identifies the caller of /v1 and /mcp from <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key</c>:
/// the key is hashed with SHA-256 and compared with every configured hash in constant time (no early
/// exit, so timing tells nothing about which hash came close). The key itself is never logged or kept.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, IOptions<ApiKeyOptions> options)
{
    private readonly (ApiKeyEntry Entry, byte[] Hash)[] _keys = options.Value.Keys.Select(key => (key, key.HashBytes)).ToArray();
    private readonly Caller _anonymous = Caller.PerGateway("anonymous", options.Value.AnonymousPlan, ["*"], ["*"]);

    public Task InvokeAsync(HttpContext context)
    {
        if (!RequiresCaller(context.Request.Path))
        {
            return next(context);
        }
        if (_keys.Length == 0)
        {
            _anonymous.AttachTo(context);
            return next(context);
        }
        string? presented = PresentedKey(context.Request);
        if (presented is null)
        {
            throw new GatewayException(401, ErrorCodes.Unauthorized, "An API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKeyEntry? match = null;
        foreach (var (entry, configured) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured))
            {
                match = entry;
            }
        }
        if (match is null)
        {
            throw new GatewayException(401, ErrorCodes.Unauthorized, "The API key is not valid.");
        }
        new Caller(match.ClientId, match.Plan, match.Read, match.Write).AttachTo(context);
        return next(context);
    }

    private static bool RequiresCaller(PathString path) => path.StartsWithSegments("/v1") || path.StartsWithSegments("/mcp");

    private static string? PresentedKey(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }
        string header = request.Headers["X-API-Key"].ToString();
        return header.Length > 0 ? header : null;
    }
}
