using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OrleansSearch.McpGateway.Tests.Rest;

namespace OrleansSearch.McpGateway.Tests;

/// <summary>A data folder written by the runtime before Orleans is discarded with a warning, and the gateway starts clean.</summary>
public sealed class LegacyDataFolderTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("orleanssearch-legacy-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task A_database_of_the_old_runtime_is_discarded_with_a_warning()
    {
        string file = Path.Combine(_data.FullName, "orleans-search.db");
        using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE grain_state (grain_id TEXT PRIMARY KEY, payload BLOB); CREATE TABLE documents (index_name TEXT, shard INTEGER, id TEXT, version BIGINT, seq BIGINT, payload BLOB, updated_at BIGINT, PRIMARY KEY (index_name, shard, id));";
            command.ExecuteNonQuery();
        }

        using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = _data.FullName });
        var client = await factory.StartAsync();

        Assert.Contains(factory.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith($"Discarded {file}", StringComparison.Ordinal));
        (await client.PostJsonAsync("/v1/indexes", new { name = "fresh", shards = 1, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        using var now = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        now.Open();
        using var tables = now.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'grain_state'";
        Assert.Equal(0L, (long)tables.ExecuteScalar()!);
    }
}
