using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Tests.Storage;

/// <summary>
/// Which failures are outages, and when an outage hides a write that may have been stored. Only a broken connection
/// after COMMIT was sent, on an engine across a network, leaves the outcome open; a server that answered with an
/// error has rolled back, and an in-process engine's failed commit is known to have rolled back.
/// </summary>
public sealed class StoreFailureClassifierTests : IAsyncLifetime
{
    // Creating the data source opens nothing: no server is needed to classify.
    private readonly SqlDialect _postgres = SqlDialect.Postgres("Host=127.0.0.1;Port=1;Username=nobody;Database=none");
    private readonly SqlDialect _sqlite = SqlDialect.Sqlite("Data Source=/nonexistent/classifier.db");

    public static TheoryData<string> LostConnections() =>
    [
        "refused", "stream broken", "timeout", "admin shutdown", "crash shutdown", "starting up", "too many connections", "connection exception class",
    ];

    private static NpgsqlException LostConnection(string how) => how switch
    {
        "refused" => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        "stream broken" => new NpgsqlException("Exception while reading from stream", new EndOfStreamException()),
        "timeout" => new NpgsqlException("Exception while reading from stream", new TimeoutException()),
        "admin shutdown" => Server(PostgresErrorCodes.AdminShutdown),
        "crash shutdown" => Server(PostgresErrorCodes.CrashShutdown),
        "starting up" => Server(PostgresErrorCodes.CannotConnectNow),
        "too many connections" => Server(PostgresErrorCodes.TooManyConnections),
        "connection exception class" => Server(PostgresErrorCodes.ConnectionFailure),
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
    };

    private static PostgresException Server(string sqlState) => new("server says no", "FATAL", "FATAL", sqlState);

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void A_lost_connection_before_commit_wrote_nothing(string how) =>
        Assert.Equal(StoreFailureKind.NotWritten, StoreFailureClassifier.Classify(_postgres, LostConnection(how), commitSent: false));

    [Theory]
    [MemberData(nameof(LostConnections))]
    public void A_lost_connection_after_commit_was_sent_leaves_the_outcome_unknown(string how) =>
        Assert.Equal(StoreFailureKind.OutcomeUnknown, StoreFailureClassifier.Classify(_postgres, LostConnection(how), commitSent: true));

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    public void A_server_that_answered_with_an_error_is_no_outage_even_at_commit(string sqlState)
    {
        Assert.Equal(StoreFailureKind.NotAnOutage, StoreFailureClassifier.Classify(_postgres, Server(sqlState), commitSent: false));
        Assert.Equal(StoreFailureKind.NotAnOutage, StoreFailureClassifier.Classify(_postgres, Server(sqlState), commitSent: true));
    }

    [Fact]
    public void Errors_that_are_not_the_stores_are_no_outage() =>
        Assert.Equal(StoreFailureKind.NotAnOutage, StoreFailureClassifier.Classify(_postgres, new InvalidOperationException("a bug of ours"), commitSent: true));

    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(14)] // SQLITE_CANTOPEN
    public void A_sqlite_commit_that_failed_is_known_not_written(int errorCode)
    {
        var busy = new SqliteException("database is locked", errorCode);
        Assert.Equal(StoreFailureKind.NotWritten, StoreFailureClassifier.Classify(_sqlite, busy, commitSent: true));
    }

    [Fact]
    public void A_sqlite_constraint_is_no_outage() =>
        Assert.Equal(StoreFailureKind.NotAnOutage, StoreFailureClassifier.Classify(_sqlite, new SqliteException("constraint failed", 19), commitSent: false));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await _sqlite.DisposeAsync();
    }
}
