using OrleansSearch.Grains.Storage;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Sql;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Silo;

/// <summary>The stores of one cluster on one provider: membership table, grain state and the document store.</summary>
public sealed record ClusterStorage(IMembershipTable Membership, IGrainStorage GrainState, IDocumentStore Documents)
{
    /// <summary>Opens the stores <paramref name="options"/> names (creating a SQLite file's folder).</summary>
    public static ClusterStorage Create(StorageOptions options, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool postgres = options.Provider == "Postgres";
        if (!postgres && Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        // Each store owns its dialect (and a PostgreSQL connection pool with it).
        SqlDialect Dialect() => postgres ? SqlDialect.Postgres(options.ConnectionString) : SqlDialect.Sqlite(options.ConnectionString);
        return new(new SqlMembershipTable(Dialect(), clusterId), new SqlGrainStorage(Dialect()), new SqlDocumentStore(Dialect()));
    }
}
