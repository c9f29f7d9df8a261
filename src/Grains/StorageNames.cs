namespace OrleansSearch.Grains;

/// <summary>
/// The grain storage providers the search grains use, by name. The silo decides what each one is
/// (SQLite embedded, PostgreSQL in a cluster; memory or Redis for volatile state).
/// </summary>
public static class StorageNames
{
    /// <summary>Index definitions and the index registry: durable, on the cluster's database.</summary>
    public const string Catalog = "catalog";

    /// <summary>Cache entries and rate-limit buckets: losing them costs a recomputation or a refilled bucket.</summary>
    public const string Volatile = "volatile";
}

/// <summary>
/// The clock the search grains read (token buckets, cache expiry, creation times), registered under <see cref="Key"/>
/// so tests can move it by hand without moving the clock Orleans itself runs on.
/// </summary>
public static class SearchClock
{
    public const string Key = "orleans-search";
}
