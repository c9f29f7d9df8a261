using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Tests.Infrastructure;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContract
{
    private readonly SqliteTestFile _file = new();

    protected override IMembershipTable OpenTable(string clusterId) => new SqlMembershipTable(SqlDialect.Sqlite(_file.ConnectionString), clusterId);

    private static MembershipEntry Entry() =>
        new(new SiloAddress("10.0.0.1", 1000, 1), "silo", SiloStatus.Joining, [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private Process StartSqliteShell(params string[] commands)
    {
        var startInfo = new ProcessStartInfo("sqlite3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(_file.Path);
        foreach (string command in commands)
        {
            startInfo.ArgumentList.Add(command);
        }
        try
        {
            return Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The sqlite3 shell is not installed. Install it with: apt-get install sqlite3 (scripts/test.sh does this when run as root).", e);
        }
    }

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
    public async Task A_write_waits_for_another_process_holding_the_lock_and_then_sees_its_change()
    {
        IMembershipTable table = OpenTable("c1");
        await table.InitializeAsync(CancellationToken.None);
        string locked = _file.Path + ".locked";

        // Another process (the sqlite3 shell) writes as another silo would, and holds the write lock a while.
        using Process other = StartSqliteShell(
            "BEGIN IMMEDIATE;",
            "UPDATE cluster_version SET version = version + 1 WHERE cluster_id = 'c1';",
            $".shell touch '{locked}'",
            ".shell sleep 1",
            "COMMIT;");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(locked))
        {
            Assert.False(other.HasExited, $"sqlite3 exited early: {await other.StandardError.ReadToEndAsync()}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "sqlite3 did not take the lock within 30 s.");
            await Task.Delay(10);
        }

        bool staleWrite = await table.TryWriteAsync(Entry(), 0, CancellationToken.None);

        // Waited for the commit instead of failing with SQLITE_BUSY, and the guard saw the other write.
        Assert.False(staleWrite);
        await other.WaitForExitAsync();
        Assert.Equal(0, other.ExitCode);
        Assert.True(await table.TryWriteAsync(Entry(), 1, CancellationToken.None));
        Assert.Equal(2, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public void A_connection_string_without_a_file_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqlMembershipTable(SqlDialect.Sqlite("Data Source=:memory:"), "c1"));

        Assert.Contains(":memory:", error.Message, StringComparison.Ordinal);
    }
}
