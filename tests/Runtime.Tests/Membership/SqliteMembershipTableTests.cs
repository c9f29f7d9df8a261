using Microsoft.Data.Sqlite;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Tests.Infrastructure;

namespace OrleansSearch.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContract
{
    private readonly SqliteTestFile _file = new();

    protected override IMembershipTable OpenTable(string clusterId) => new SqliteMembershipTable(_file.ConnectionString, clusterId);

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Initializing_puts_the_file_in_wal_mode_so_processes_can_share_it()
    {
        await OpenTable("c1").InitializeAsync(CancellationToken.None);

        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA journal_mode", connection);
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void A_connection_string_without_a_file_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteMembershipTable("Data Source=:memory:", "c1"));

        Assert.Contains(":memory:", error.Message, StringComparison.Ordinal);
    }
}
