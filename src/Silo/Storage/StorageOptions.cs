using OrleansSearch.Grains;


namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Which stores back <see cref="StorageNames.Catalog"/> and <see cref="StorageNames.Volatile"/>.
/// Also where the document store lives (the same database). Configuration section <c>Storage</c>.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string Memory = "Memory";
    public const string Redis = "Redis";

    /// <summary><c>Sqlite</c> (one process, the embedded default) or <c>Postgres</c> (a cluster), for the catalog.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite: <c>Data Source=path</c>; PostgreSQL: an Npgsql connection string. Never logged: it may hold a password.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/orleans-search.db";

    /// <summary><c>Memory</c> (default) or <c>Redis</c>, for volatile state.</summary>
    public string CacheProvider { get; set; } = Memory;

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=...</c>) when <see cref="CacheProvider"/> is Redis. Never logged.</summary>
    public string? RedisConnectionString { get; set; }

    public bool IsPostgres => Provider == Postgres;

    /// <summary>Throws naming the option, its value and the rule when the combination cannot work.</summary>
    public void Validate()
    {
        if (Provider is not (Sqlite or Postgres))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(Provider)} is '{Provider}'; it must be {Sqlite} or {Postgres}.");
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ConnectionString)} is empty; the {Provider} provider needs one.");
        }
        if (CacheProvider is not (Memory or Redis))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(CacheProvider)} is '{CacheProvider}'; it must be {Memory} or {Redis}.");
        }
        if (CacheProvider == Redis && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(RedisConnectionString)} is empty; {SectionName}:{nameof(CacheProvider)} {Redis} needs one.");
        }
    }
}
