using Microsoft.Data.Sqlite;

namespace OrleansSearch.Tests.Support;

/// <summary>A SQLite database file in a temp folder of its own, deleted (with its WAL files) on dispose.</summary>
public sealed class SqliteTestFile : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("orleanssearch-sqlite-");

    public SqliteTestFile()
    {
        Path = System.IO.Path.Combine(_directory.FullName, "store.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        // Pooled connections keep the file open; close them before deleting.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _directory.Delete(recursive: true);
    }
}
