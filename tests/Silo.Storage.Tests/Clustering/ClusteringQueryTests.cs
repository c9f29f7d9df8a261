using System.Data;
using Npgsql;

namespace OrleansSearch.Silo.Storage.Tests.Clustering;

/// <summary>
/// The clustering queries' edge cases that a healthy cluster rarely hits, run the way the provider runs
/// them: the text from OrleansQuery, parameters named and typed as it binds them (DateTime as
/// DbType.DateTime, addresses as AnsiString).
/// </summary>
public sealed class ClusteringQueryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int Dead = 6;
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, 123, DateTimeKind.Utc);

    [Fact]
    public async Task Stale_table_version_inserts_and_updates_nothing()
    {
        string database = await NewDatabaseAsync();
        await RunAsync(database, "InsertMembershipVersionKey", Cluster("a"));
        Assert.True(await InsertAsync(database, "a", port: 1, version: 0));

        Assert.False(await InsertAsync(database, "a", port: 2, version: 0));
        Assert.False(await InsertAsync(database, "a", port: 1, version: 1));
        Assert.False(await RunAsync(database, "UpdateMembershipKey", [.. Cluster("a"), .. Silo(1), ("Status", 3, DbType.Int32),
            ("SuspectTimes", null, DbType.String), ("IAmAliveTime", Start, DbType.DateTime), ("Version", 0, DbType.Int32)]));

        Assert.Equal(1, await ScalarAsync<int>(database, "SELECT count(*)::int FROM OrleansMembershipTable"));
        Assert.Equal(1, await ScalarAsync<int>(database, "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = 'a'"));
    }

    [Fact]
    public async Task A_dead_row_is_deleted_only_while_it_is_what_the_provider_read()
    {
        string database = await NewDatabaseAsync();
        await RunAsync(database, "InsertMembershipVersionKey", Cluster("a"));
        Assert.True(await InsertAsync(database, "a", port: 1, version: 0, status: Dead));

        // The heartbeat moved after the provider read the row: keep it.
        await RunAsync(database, "CleanupDefunctSiloEntryKey", CapturedRow(iAmAlive: Start.AddSeconds(-1), suspectTimes: null));
        Assert.Equal(1, await ScalarAsync<int>(database, "SELECT count(*)::int FROM OrleansMembershipTable"));

        // Unchanged, with "no votes" sent as an empty list while the row holds NULL: delete it.
        await RunAsync(database, "CleanupDefunctSiloEntryKey", CapturedRow(iAmAlive: Start, suspectTimes: ""));
        Assert.Equal(0, await ScalarAsync<int>(database, "SELECT count(*)::int FROM OrleansMembershipTable"));
    }

    [Fact]
    public async Task Deleting_a_cluster_leaves_other_clusters_alone()
    {
        string database = await NewDatabaseAsync();
        foreach (string cluster in (string[])["a", "b"])
        {
            await RunAsync(database, "InsertMembershipVersionKey", Cluster(cluster));
            Assert.True(await InsertAsync(database, cluster, port: 1, version: 0));
        }

        await RunAsync(database, "DeleteMembershipTableEntriesKey", Cluster("a"));

        Assert.Equal("b", await ScalarAsync<string>(database, "SELECT string_agg(DeploymentId, ',') FROM OrleansMembershipVersionTable"));
        Assert.Equal("b", await ScalarAsync<string>(database, "SELECT string_agg(DeploymentId, ',') FROM OrleansMembershipTable"));
    }

    private static (string, object?, DbType)[] Cluster(string id) => [("DeploymentId", id, DbType.String)];

    private static (string, object?, DbType)[] Silo(int port) =>
        [("Address", "127.0.0.1", DbType.AnsiString), ("Port", port, DbType.Int32), ("Generation", 7, DbType.Int32)];

    private static (string, object?, DbType)[] CapturedRow(DateTime iAmAlive, string? suspectTimes) =>
        [.. Cluster("a"), .. Silo(1), ("SuspectTimes", suspectTimes, DbType.String), ("StartTime", Start, DbType.DateTime), ("IAmAliveTime", iAmAlive, DbType.DateTime)];

    private static Task<bool> InsertAsync(string database, string cluster, int port, int version, int status = 3) =>
        RunAsync(database, "InsertMembershipKey", [.. Cluster(cluster), .. Silo(port), ("SiloName", $"silo-{port}", DbType.String),
            ("HostName", "host", DbType.String), ("Status", status, DbType.Int32), ("ProxyPort", 0, DbType.Int32),
            ("StartTime", Start, DbType.DateTime), ("IAmAliveTime", Start, DbType.DateTime), ("Version", version, DbType.Int32)]);

    private async Task<string> NewDatabaseAsync()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("queries"));
        await PostgresSchema.EnsureAsync(database);
        return database;
    }

    /// <summary>Runs the stored query <paramref name="key"/>; answers its first column as a boolean when it returns one (false otherwise).</summary>
    private static async Task<bool> RunAsync(string database, string key, (string Name, object? Value, DbType Type)[] parameters)
    {
        string sql = await ScalarAsync<string>(database, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { ParameterName = name, Value = value ?? DBNull.Value, DbType = type });
        }
        object? result = await command.ExecuteScalarAsync();
        return result is bool answer && answer;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
