using Npgsql;

namespace OrleansSearch.Runtime.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_created_database_is_a_separate_empty_store()
    {
        string first = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueDatabaseName());
        string second = await postgres.Server.CreateDatabaseAsync(PostgresServer.UniqueDatabaseName());
        await ExecuteAsync(first, "CREATE TABLE marker (id int)");

        Assert.Equal(1L, await ExecuteAsync(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
        Assert.Equal(0L, await ExecuteAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
        Assert.Equal("on", await ExecuteAsync(postgres.Server.ConnectionString, "SELECT 'on'"));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("x; DROP DATABASE tests")]
    [InlineData("1starts_with_digit")]
    [InlineData("")]
    public async Task A_database_name_that_is_not_a_plain_identifier_is_rejected(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => postgres.Server.CreateDatabaseAsync(name));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
