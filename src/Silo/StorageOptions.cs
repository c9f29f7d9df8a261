namespace OrleansSearch.Silo;

/// <summary>Where membership and grain state live. Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (one host, the embedded default) or <c>Postgres</c> (many hosts).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// SQLite: <c>Data Source=path</c> (the folder is created); PostgreSQL: an Npgsql connection string.
    /// Never logged: it may hold a password.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/orleans-search.db";

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
    }
}
