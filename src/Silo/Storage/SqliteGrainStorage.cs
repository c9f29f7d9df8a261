using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Grain state in one SQLite file: the embedded default's durable store (one process; SQLite has no
/// Orleans clustering). Our own provider rather than Orleans' ADO.NET persistence on SQLite because
/// that one did 125–162 writes/s (about 400 with WAL) where this shape did 900–1,050 with 100 grains
/// writing at once (shared/ORLEANS-NOTES.md): one statement per operation, no stored-query table, no
/// hashing, WAL with synchronous=NORMAL.
/// </summary>
/// <remarks>
/// One row per (state name, grain id); the grain id's text already holds the grain type. The ETag is
/// the row's version as a decimal string, and every write or clear must name the version it read:
/// otherwise <see cref="InconsistentStateException"/>, as the ADO.NET and Redis providers do. A clear
/// keeps the row with no payload and a higher version, so a writer that read before the clear still
/// loses. synchronous=NORMAL in WAL mode survives a process crash; a power cut may lose the last
/// commits, which the embedded default accepts for 2–3x the write rate.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string CreateSchemaSql = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS GrainState (
            StateName TEXT NOT NULL,
            GrainId TEXT NOT NULL,
            Payload BLOB NULL,
            Version INTEGER NOT NULL,
            PRIMARY KEY (StateName, GrainId)
        ) WITHOUT ROWID;
        """;

    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly Lock _schemaGate = new();
    private Task? _schema;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IActivatorProvider activators, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, "ConnectionString");
        _name = name;
        _options = options;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>Creates the table at silo start, so a bad path fails the start rather than the first grain.</summary>
    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, _ => EnsureSchemaAsync());

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "SELECT Payload, Version FROM GrainState WHERE StateName = $state AND GrainId = $grain", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        bool found = await reader.ReadAsync();
        byte[]? payload = found && !reader.IsDBNull(0) ? (byte[])reader.GetValue(0) : null;
        grainState.State = payload is null ? NewState<T>() : _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload)) ?? NewState<T>();
        grainState.ETag = found ? reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) : null;
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        // No ETag: the grain believes it has no row, so only a first insert may succeed.
        string sql = grainState.ETag is null
            ? "INSERT INTO GrainState (StateName, GrainId, Payload, Version) VALUES ($state, $grain, $payload, 1) ON CONFLICT DO NOTHING RETURNING Version"
            : "UPDATE GrainState SET Payload = $payload, Version = Version + 1 WHERE StateName = $state AND GrainId = $grain AND Version = $version RETURNING Version";
        grainState.ETag = await ChangeAsync("write", sql, stateName, grainId, grainState.ETag, payload);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            grainState.ETag = await ChangeAsync("clear",
                "UPDATE GrainState SET Payload = NULL, Version = Version + 1 WHERE StateName = $state AND GrainId = $grain AND Version = $version RETURNING Version",
                stateName, grainId, grainState.ETag, payload: null);
        }
        // Without an ETag the grain never saw a row: there is nothing of its own to clear.
        grainState.State = NewState<T>();
        grainState.RecordExists = false;
    }

    /// <summary>Runs a versioned change and answers the new ETag, or throws if the caller's ETag is stale.</summary>
    private async Task<string> ChangeAsync(string operation, string sql, string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, stateName, grainId);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        if (etag is not null)
        {
            command.Parameters.AddWithValue("$version", long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture));
        }
        if (await command.ExecuteScalarAsync() is long version)
        {
            return version.ToString(CultureInfo.InvariantCulture);
        }
        LogConflict(_logger, _name, operation, stateName, grainId, etag);
        throw new InconsistentStateException(
            $"Version conflict ({operation}): provider {_name}, state {stateName}, grain {grainId}, ETag {etag ?? "(none)"} is not the stored version.",
            storedEtag: null, currentEtag: etag);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        await EnsureSchemaAsync();
        var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync();
        // Per connection (not stored in the file), so set on each open; pooled opens make it cheap.
        await using var pragma = new SqliteCommand("PRAGMA synchronous = NORMAL", connection);
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = new SqliteCommand(sql, connection);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    /// <summary>Creates the table once per instance; a failed attempt (say, a folder not yet mounted) is retried by the next call.</summary>
    private Task EnsureSchemaAsync()
    {
        lock (_schemaGate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync();
            }
            return _schema;
        }
    }

    private async Task CreateSchemaAsync()
    {
        var builder = new SqliteConnectionStringBuilder(_options.ConnectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        await using var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(CreateSchemaSql, connection);
        await command.ExecuteNonQueryAsync();
        LogSchemaReady(_logger, _name, builder.DataSource);
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {Provider} ready in {DataSource} (WAL).")]
    private static partial void LogSchemaReady(ILogger logger, string provider, string dataSource);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite grain storage {Provider}: {Operation} of {StateName} for {GrainId} lost on ETag {ETag}.")]
    private static partial void LogConflict(ILogger logger, string provider, string operation, string stateName, GrainId grainId, string? etag);
}
