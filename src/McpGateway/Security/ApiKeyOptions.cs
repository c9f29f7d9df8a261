using System.Security.Cryptography;

namespace OrleansSearch.McpGateway.Security;

/// <summary>
/// API keys, stored as SHA-256 hashes (hex) — never the keys themselves. Configuration section
/// <c>Auth</c>. With no keys the gateway runs open, and then refuses to listen beyond loopback.
/// </summary>
public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> Keys { get; } = [];

    /// <summary>The plan of callers when no keys are configured (local development).</summary>
    public RatePlanOptions AnonymousPlan { get; set; } = new() { Capacity = 200, PerSecond = 100 };

    public void Validate()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            if (string.IsNullOrWhiteSpace(key.ClientId) || !ids.Add(key.ClientId))
            {
                throw new InvalidOperationException($"Auth:Keys: client id '{key.ClientId}' is empty or used twice; every key needs its own client id.");
            }
            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                throw new InvalidOperationException($"Auth:Keys: the key of client '{key.ClientId}' must be given as Sha256, 64 hex digits (printf %s \"$KEY\" | sha256sum).");
            }
            key.Plan.Validate(key.ClientId);
        }
        AnonymousPlan.Validate("anonymous");
    }
}

/// <summary>One client's key: its hash, its rate plan, and the indexes it may read and write ("*" = all; none unless listed).</summary>
public sealed class ApiKeyEntry
{
    public string ClientId { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public RatePlanOptions Plan { get; set; } = new();
    public List<string> Read { get; set; } = [];
    public List<string> Write { get; set; } = [];

    /// <summary>Opens the Orleans Dashboard (<c>/dashboard</c>), which shows every grain of the cluster.</summary>
    public bool Admin { get; set; }

    internal byte[] HashBytes => Convert.FromHexString(Sha256);

    /// <summary>The hex SHA-256 to configure for <paramref name="key"/>.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}

/// <summary>A token bucket: burst <see cref="Capacity"/>, sustained <see cref="PerSecond"/> requests.</summary>
public sealed class RatePlanOptions
{
    public double Capacity { get; set; } = 60;
    public double PerSecond { get; set; } = 10;

    internal void Validate(string client)
    {
        if (!(Capacity >= 1 && Capacity <= 1_000_000 && PerSecond > 0 && PerSecond <= 1_000_000))
        {
            throw new InvalidOperationException($"Auth: the plan of '{client}' has capacity {Capacity} and {PerSecond}/s; capacity must be 1–1000000 and the rate 0–1000000.");
        }
    }
}
