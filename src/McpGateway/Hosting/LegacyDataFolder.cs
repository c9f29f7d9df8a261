using Microsoft.Data.Sqlite;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// A data folder written by the runtime this product ran on before Orleans holds index definitions in a table
/// Orleans does not read (<c>grain_state</c>), so its documents would be orphaned. Such a database is discarded
/// (and the sample corpus indexed again); the README says so.
/// </summary>
internal sealed record LegacyDataFolder(string? DiscardedFile)
{
    public static LegacyDataFolder DiscardIfOldRuntime(string dataDirectory)
    {
        string file = Path.Combine(dataDirectory, "orleans-search.db");
        if (!File.Exists(file) || !HasTable(file, "grain_state"))
        {
            return new LegacyDataFolder((string?)null);
        }
        SqliteConnection.ClearAllPools();
        foreach (string path in (string[])[file, file + "-wal", file + "-shm", Path.Combine(dataDirectory, SampleCorpusLoader.CompleteMarkerFile)])
        {
            File.Delete(path);
        }
        return new LegacyDataFolder(file);
    }

    private static bool HasTable(string file, string table)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        command.Parameters.AddWithValue("@name", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
