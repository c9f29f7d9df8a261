using Npgsql;

namespace OrleansSearch.Runtime.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_created_database_is_a_separate_empty_store()
    {
        string first = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName());
        string second = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueName());
        await ExecuteAsync(first, "CREATE TABLE marker (id int)");

        Assert.Equal(1L, await ExecuteAsync(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
        Assert.Equal(0L, await ExecuteAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
        Assert.Equal("on", await ExecuteAsync(postgres.Server.ConnectionString, "SELECT 'on'"));
    }

    [Fact]
    public async Task Tables_created_through_a_schema_connection_string_stay_in_that_schema()
    {
        string first = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("schema"));
        string second = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("schema"));
        await ExecuteAsync(first, "CREATE TABLE marker (id int)");

        const string markerInCurrentSchema = "SELECT count(*) FROM pg_tables WHERE tablename = 'marker' AND schemaname = current_schema()";
        Assert.Equal(1L, await ExecuteAsync(first, markerInCurrentSchema));
        Assert.Equal(0L, await ExecuteAsync(second, markerInCurrentSchema));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("x; DROP DATABASE tests")]
    [InlineData("1starts_with_digit")]
    [InlineData("")]
    public async Task A_name_that_is_not_a_plain_identifier_is_rejected(string name)
    {
        var database = await Assert.ThrowsAsync<ArgumentException>(() => postgres.Server.CreateDatabaseAsync(name));
        var schema = await Assert.ThrowsAsync<ArgumentException>(() => postgres.Server.CreateSchemaAsync(name));

        Assert.Contains($"'{name}'", database.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", schema.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
