namespace OrleansSearch.Silo.Hosting;

/// <summary>Where membership, grain state and documents live. Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (one process: the embedded default) or <c>Postgres</c> (a cluster).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// SQLite: <c>Data Source=path</c> (the folder is created); PostgreSQL: an Npgsql connection string.
    /// Never logged: it may hold a password.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/orleans-search.db";

    /// <summary>Cache entries and rate-limit buckets: <c>Memory</c> (default) or <c>Redis</c>.</summary>
    public string CacheProvider { get; set; } = "Memory";

    /// <summary>With <see cref="CacheProvider"/> Redis: a StackExchange.Redis configuration string. Never logged.</summary>
    public string? RedisConnectionString { get; set; }

    public bool IsPostgres => Provider == "Postgres";

    public void Validate()
    {
        if (Provider is not ("Sqlite" or "Postgres"))
        {
            throw new InvalidOperationException($"Storage:Provider is '{Provider}'; it must be Sqlite or Postgres.");
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"Storage:ConnectionString is empty; the {Provider} provider needs one.");
        }
        if (CacheProvider is not ("Memory" or "Redis"))
        {
            throw new InvalidOperationException($"Storage:CacheProvider is '{CacheProvider}'; it must be Memory or Redis.");
        }
        if (CacheProvider == "Redis" && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            throw new InvalidOperationException("Storage:CacheProvider is Redis but Storage:RedisConnectionString is empty.");
        }
    }
}
