using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Creates the PostgreSQL tables and <c>OrleansQuery</c> rows that Orleans' ADO.NET clustering and
/// persistence providers need (the packages ship no SQL; ours is in <c>Storage/Sql/*.sql</c>, embedded).
/// Safe to call from every silo at every start: the scripts are idempotent, so an existing schema is
/// left as it is, and a query fixed in a later release of the scripts replaces the old text.
/// </summary>
public static partial class PostgresSchema
{
    /// <summary>
    /// Key of the transaction-scoped advisory lock held while the scripts run. Three silos starting
    /// at once would otherwise race in <c>CREATE TABLE IF NOT EXISTS</c>, which is not atomic
    /// against itself (the loser fails on a duplicate catalog row). Any constant works as long as
    /// every silo uses the same one; this is "OrlSrch" in ASCII.
    /// </summary>
    public const long AdvisoryLockKey = 0x4F_72_6C_53_72_63_68;

    /// <summary>The scripts in the order they run: the query table first, then what fills it.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = ["postgres-main.sql", "postgres-clustering.sql", "postgres-persistence.sql"];

    /// <summary>
    /// Applies every script in one transaction under <see cref="AdvisoryLockKey"/>. Logs the database
    /// name and how many rows changed, never the connection string (it may hold a password).
    /// </summary>
    public static async Task EnsureAsync(string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        logger ??= NullLogger.Instance;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        int changedRows = 0;
        foreach (string name in ScriptNames)
        {
            await using var command = new NpgsqlCommand(ReadScript(name), connection, transaction);
            changedRows += Math.Max(0, await command.ExecuteNonQueryAsync(cancellationToken));
        }
        // Committing releases the advisory lock too.
        await transaction.CommitAsync(cancellationToken);
        LogSchemaEnsured(logger, connection.Database, changedRows);
    }

    /// <summary>The text of one embedded script (see <see cref="ScriptNames"/>).</summary>
    public static string ReadScript(string name)
    {
        string resource = $"{typeof(PostgresSchema).Namespace}.Sql.{name}";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL script '{resource}' is missing from the silo assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans schema ensured on PostgreSQL database {Database} ({ChangedRows} rows created or replaced).")]
    private static partial void LogSchemaEnsured(ILogger logger, string database, int changedRows);
}
