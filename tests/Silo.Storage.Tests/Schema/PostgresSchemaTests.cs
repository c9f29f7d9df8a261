using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansSearch.Silo.Storage.Tests.Schema;

public sealed class PostgresSchemaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    /// <summary>Every query key Orleans 10.4.2's ADO.NET clustering (silo and client) and persistence providers read.</summary>
    private static readonly string[] ExpectedQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey",
        "DeleteStorageKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey",
    ];

    [Fact]
    public async Task Applying_the_schema_twice_changes_nothing_the_second_time()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("schema"));
        await PostgresSchema.EnsureAsync(database);
        string first = await SnapshotAsync(database);

        await PostgresSchema.EnsureAsync(database);

        // Row versions (xmin) included: not even an identical rewrite happened.
        Assert.Equal(first, await SnapshotAsync(database));
        Assert.Equal(ExpectedQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task Three_silos_ensuring_a_fresh_database_at_once_all_succeed()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("schema"));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresSchema.EnsureAsync(database))));

        Assert.Equal(ExpectedQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task An_older_query_text_is_replaced_and_tables_are_left_alone()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("schema"));
        await PostgresSchema.EnsureAsync(database);
        await ExecuteAsync(database, "INSERT INTO OrleansMembershipVersionTable (DeploymentId, Version) VALUES ('kept', 41)");
        await ExecuteAsync(database, "UPDATE OrleansQuery SET QueryText = 'SELECT 1 -- an old, broken release' WHERE QueryKey = 'GatewaysQueryKey'");

        await PostgresSchema.EnsureAsync(database);

        Assert.Contains("ProxyPort > 0", await ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"));
        Assert.Equal("41", await ScalarAsync(database, "SELECT Version::text FROM OrleansMembershipVersionTable WHERE DeploymentId = 'kept'"));
    }

    [Fact]
    public async Task The_connection_string_is_never_logged()
    {
        string database = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName("schema"));
        // Trust authentication ignores the password; made up per run, so no credential-like literal sits in the repo.
        string password = "db-" + Guid.NewGuid().ToString("N");
        string withPassword = new NpgsqlConnectionStringBuilder(database) { Password = password }.ConnectionString;
        var logs = new LogCollector();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        await PostgresSchema.EnsureAsync(withPassword, factory.CreateLogger("schema"));

        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Messages, message =>
        {
            Assert.DoesNotContain(password, message, StringComparison.Ordinal);
            Assert.DoesNotContain($"Port={postgres.Server.Port}", message, StringComparison.Ordinal);
        });
    }

    /// <summary>Tables, indexes and every query row with its row version, as one comparable text.</summary>
    private static async Task<string> SnapshotAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (string sql in (string[])[
            "SELECT c.oid::text || ' ' || c.relname || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY c.relname",
            "SELECT QueryKey || ' ' || xmin::text || ' ' || md5(QueryText) FROM OrleansQuery ORDER BY QueryKey",
        ])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        return string.Join('\n', lines);
    }

    private static async Task<string[]> QueryKeysAsync(string connectionString)
    {
        var keys = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return [.. keys];
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
