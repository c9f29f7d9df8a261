using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Dashboard;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard has no authentication of its own and shows every grain of the cluster. With API keys
/// configured (section <c>Auth:Keys</c>, SHA-256 hashes) only a key marked <c>Admin</c> opens it, given as
/// <c>Authorization: Bearer</c>, <c>X-API-Key</c> or — for a browser — the <c>key</c> query parameter once, which
/// sets a cookie holding the key's hash. Without keys it is served to loopback callers only.
/// </summary>
public sealed class DashboardAccess(IReadOnlyList<byte[]> adminKeyHashes, bool anyKeys)
{
    public const string RoutePrefix = "/dashboard";
    private const string CookieName = "orleans-search-dashboard";

    /// <summary>Reads the admin keys' hashes from <c>Auth:Keys:N:Sha256</c> where <c>Auth:Keys:N:Admin</c> is true.</summary>
    public static DashboardAccess FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = configuration.GetSection("Auth:Keys").GetChildren().ToList();
        var admins = keys
            .Where(key => bool.TryParse(key["Admin"], out bool admin) && admin && key["Sha256"] is { Length: 64 })
            .Select(key => Convert.FromHexString(key["Sha256"]!))
            .ToList();
        return new DashboardAccess(admins, keys.Count > 0);
    }

    /// <summary>Whether the request may see the dashboard; sets the browser cookie when the key came in the query.</summary>
    public bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!anyKeys)
        {
            return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        }
        if (context.Request.Cookies.TryGetValue(CookieName, out string? cookie) && cookie.Length == 64 && cookie.All(char.IsAsciiHexDigit) && IsAdminHash(Convert.FromHexString(cookie)))
        {
            return true;
        }
        string? key = PresentedKey(context.Request);
        if (key is null)
        {
            return false;
        }
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        if (!IsAdminHash(hash))
        {
            return false;
        }
        context.Response.Cookies.Append(CookieName, Convert.ToHexStringLower(hash), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = RoutePrefix, Secure = context.Request.IsHttps });
        return true;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        if (request.Headers.TryGetValue("X-API-Key", out var header) && header.Count == 1)
        {
            return header[0];
        }
        return request.Query.TryGetValue("key", out var query) && query.Count == 1 ? query[0] : null;
    }

    private bool IsAdminHash(byte[] hash)
    {
        bool found = false;
        foreach (byte[] admin in adminKeyHashes)
        {
            // Every hash is compared, in constant time, so timing tells nothing about which prefix matched.
            found |= CryptographicOperations.FixedTimeEquals(admin, hash);
        }
        return found;
    }

    /// <summary>Maps the dashboard under <see cref="RoutePrefix"/>, refusing callers <see cref="Allows"/> turns away with 403.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = FromConfiguration(app.Configuration);
        app.MapOrleansDashboard(routePrefix: RoutePrefix).AddEndpointFilter((EndpointFilterInvocationContext context, EndpointFilterDelegate next) => access.Allows(context.HttpContext)
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Json(
                new { error = new { code = "forbidden", message = "The dashboard needs an admin API key (Auth:Keys:N:Admin)." } },
                statusCode: StatusCodes.Status403Forbidden)));
    }
}
