using Microsoft.AspNetCore.Http;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Security;

/// <summary>Who is calling (after authentication) and what they may do.</summary>
public sealed class Caller
{
    private readonly HashSet<string> _read;
    private readonly HashSet<string> _write;

    public Caller(string clientId, RatePlanOptions plan, IEnumerable<string> read, IEnumerable<string> write)
        : this(clientId, plan, read, write, bucketKey: clientId)
    {
    }

    private Caller(string clientId, RatePlanOptions plan, IEnumerable<string> read, IEnumerable<string> write, string bucketKey)
    {
        ClientId = clientId;
        Plan = plan;
        BucketKey = bucketKey;
        _read = new HashSet<string>(read, StringComparer.Ordinal);
        _write = new HashSet<string>(write, StringComparer.Ordinal);
    }

    /// <summary>
    /// A caller without a key of its own (anonymous loopback callers, the stdio client) whose plan applies per gateway
    /// process: every gateway has its own bucket, so keyless clients are not one bucket grain on every query of the
    /// cluster, and a gateway's loopback clients do not use up another's.
    /// </summary>
    public static Caller PerGateway(string clientId, RatePlanOptions plan, IEnumerable<string> read, IEnumerable<string> write)
        => new(clientId, plan, read, write, $"{clientId}@{Environment.MachineName}:{Environment.ProcessId}");

    public string ClientId { get; }
    public RatePlanOptions Plan { get; }

    /// <summary>The key of this caller's rate-limit bucket grain: the client id of an API key (one plan across all gateways), or per gateway.</summary>
    public string BucketKey { get; }

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
