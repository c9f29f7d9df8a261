using OrleansSearch.Grains.Storage;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Silo;

/// <summary>The stores of one cluster on one provider: membership table, grain state and the document store.</summary>
public sealed record ClusterStorage(IMembershipTable Membership, IGrainStorage GrainState, IDocumentStore Documents)
{
    /// <summary>Opens the stores <paramref name="options"/> names (creating a SQLite file's folder).</summary>
    public static ClusterStorage Create(StorageOptions options, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == "Postgres")
        {
            return new(new PostgresMembershipTable(options.ConnectionString, clusterId), new PostgresGrainStorage(options.ConnectionString), new PostgresDocumentStore(options.ConnectionString));
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        return new(new SqliteMembershipTable(options.ConnectionString, clusterId), new SqliteGrainStorage(options.ConnectionString), new SqliteDocumentStore(options.ConnectionString));
    }
}
