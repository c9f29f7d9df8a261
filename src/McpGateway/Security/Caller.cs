using Microsoft.AspNetCore.Http;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Security;

/// <summary>Who is calling (after authentication) and what they may do.</summary>
public sealed class Caller
{
    private readonly HashSet<string> _read;
    private readonly HashSet<string> _write;

    public Caller(string clientId, RatePlanOptions plan, IEnumerable<string> read, IEnumerable<string> write)
    {
        ClientId = clientId;
        Plan = plan;
        _read = new HashSet<string>(read, StringComparer.Ordinal);
        _write = new HashSet<string>(write, StringComparer.Ordinal);
    }

    public string ClientId { get; }
    public RatePlanOptions Plan { get; }

    public void EnsureCanRead(string index)
    {
        if (!_read.Contains("*") && !_read.Contains(index))
        {
            throw new GatewayException(403, ErrorCodes.Forbidden, $"Client '{ClientId}' may not read index '{index}'.");
        }
    }

    public void EnsureCanWrite(string index)
    {
        if (!_write.Contains("*") && !_write.Contains(index))
        {
            throw new GatewayException(403, ErrorCodes.Forbidden, $"Client '{ClientId}' may not write index '{index}'.");
        }
    }

    /// <summary>Creating or dropping indexes needs write rights on every index ("*").</summary>
    public void EnsureAdministrator()
    {
        if (!_write.Contains("*"))
        {
            throw new GatewayException(403, ErrorCodes.Forbidden, $"Client '{ClientId}' may not create or drop indexes (needs write rights on \"*\").");
        }
    }

    private static readonly object Key = new();

    public static Caller From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[Key] as Caller ?? throw new GatewayException(401, ErrorCodes.Unauthorized, "The request is not authenticated.");
    }

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
