namespace OrleansSearch.Silo;

/// <summary>Where membership and grain state live. Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (one host, the embedded default), <c>Postgres</c> (many hosts) or <c>Memory</c> (a lone silo that forgets).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// SQLite: <c>Data Source=path</c> (the folder is created); PostgreSQL: an Npgsql connection string.
    /// Never logged: it may hold a password.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/orleans-search.db";

    internal void Validate()
    {
        if (Provider is not ("Sqlite" or "Postgres" or "Memory"))
        {
            throw new InvalidOperationException($"Storage:Provider is '{Provider}'; it must be Sqlite, Postgres or Memory.");
        }
        if (Provider != "Memory" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"Storage:ConnectionString is empty; the {Provider} provider needs one.");
        }
    }
}
