

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Names of the grain storage providers, as grains give them in <c>[PersistentState(stateName, storageName)]</c>.
/// Two names because the two kinds of state want different stores, not because there are two databases.
/// </summary>
public static class StorageNames
{
    /// <summary>
    /// Durable state of the index catalog and registry grains: losing it loses indexes. Our SQLite
    /// provider (one process) or ADO.NET on PostgreSQL (a cluster).
    /// </summary>
    public const string Catalog = "catalog";

    /// <summary>
    /// Cache entries and rate-limiter buckets: cheap to rebuild, written often. Memory (lost with the
    /// silo) or Redis (shared by the cluster, survives a silo).
    /// </summary>
    public const string Volatile = "volatile";
}
