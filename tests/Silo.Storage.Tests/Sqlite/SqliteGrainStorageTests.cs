using Microsoft.Data.Sqlite;
using OrleansSearch.Silo.Storage.Tests.Support;

namespace OrleansSearch.Silo.Storage.Tests.Sqlite;

/// <summary>What only our SQLite provider promises, beyond the shared contract.</summary>
public sealed class SqliteGrainStorageTests
{
    [Fact]
    public async Task Silo_start_creates_the_folder_and_a_WAL_database()
    {
        using var file = new SqliteTestFile();
        string path = Path.Combine(Path.GetDirectoryName(file.Path)!, "not", "yet", "there.db");
        string connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();

        await using (TestSilo silo = await TestSilo.StartLocalAsync(builder => builder.AddSqliteGrainStorage("sqlite-only", connectionString)))
        {
            Assert.True(File.Exists(path), "the table is created when the silo starts, not at the first write");
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA journal_mode", connection);
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        SqliteConnection.ClearPool(connection);
    }
}
