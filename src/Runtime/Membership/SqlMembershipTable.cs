using System.Data.Common;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table on a SQL engine (tables <c>members</c> and <c>cluster_version</c>, see
/// RUNTIME.md). A write is one transaction: bump <c>cluster_version</c> guarded by the version the
/// writer read, then upsert the row; the guarded update holds the version row's lock until commit,
/// so writers of one cluster are serialized and a stale one updates zero rows and changes nothing.
/// Several clusters may share the tables (rows are keyed by cluster id). Dispose it when the silo stops.
/// </summary>
public sealed class SqlMembershipTable : IMembershipTable, IAsyncDisposable
{
    private const string ReadSql = """
        SELECT v.version, m.address, m.port, m.generation, m.name, m.status, m.suspect_votes, m.start_time, m.iamalive_time
        FROM cluster_version v LEFT JOIN members m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = @cluster
        """;

    private const string BumpVersionSql =
        "UPDATE cluster_version SET version = version + 1 WHERE cluster_id = @cluster AND version = @expected";

    // The heartbeat column is written on insert only: afterwards it belongs to UpdateIAmAliveAsync.
    // host records the machine that inserted the row (the joining silo itself), for operators.
    private const string UpsertSql = """
        INSERT INTO members (cluster_id, address, port, generation, name, host, status, suspect_votes, start_time, iamalive_time)
        VALUES (@cluster, @address, @port, @generation, @name, @host, @status, @votes, @start, @iamalive)
        ON CONFLICT (cluster_id, address, port, generation) DO UPDATE SET
            name = excluded.name, status = excluded.status, suspect_votes = excluded.suspect_votes, start_time = excluded.start_time
        """;

    private const string HeartbeatSql =
        "UPDATE members SET iamalive_time = @iamalive WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation";

    private const string VersionExistsSql = "SELECT 1 FROM cluster_version WHERE cluster_id = @cluster";

    private readonly SqlDialect _dialect;
    private readonly string _clusterId;
    private readonly string[] _schema;

    /// <param name="dialect">The engine: <see cref="SqlDialect.Sqlite"/> or <see cref="SqlDialect.Postgres"/>; the table owns it.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes.</param>
    public SqlMembershipTable(SqlDialect dialect, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _dialect = dialect;
        _clusterId = clusterId;
        _schema =
        [
            """
            CREATE TABLE IF NOT EXISTS cluster_version (
                cluster_id text NOT NULL PRIMARY KEY,
                version bigint NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS members (
                cluster_id text NOT NULL,
                address text NOT NULL,
                port integer NOT NULL,
                generation bigint NOT NULL,
                name text NOT NULL,
                host text NOT NULL,
                status text NOT NULL,
                suspect_votes text NOT NULL,
                start_time {dialect.TimeColumnType} NOT NULL,
                iamalive_time {dialect.TimeColumnType} NOT NULL,
                PRIMARY KEY (cluster_id, address, port, generation))
            """,
        ];
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _dialect.CreateSchemaAsync(_schema, cancellationToken);
        await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
        using DbCommand command = SqlCommands.Create(connection, null, "INSERT INTO cluster_version (cluster_id, version) VALUES (@cluster, 0) ON CONFLICT DO NOTHING")
            .With("@cluster", _clusterId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
            using DbCommand command = SqlCommands.Create(connection, null, ReadSql).With("@cluster", _clusterId);
            // One statement is one snapshot on both engines, so the rows match the version read with them.
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            long? version = null;
            var entries = new List<MembershipEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    entries.Add(ReadEntry(reader));
                }
            }
            if (version is null)
            {
                throw MembershipEntryRules.NotInitialized(_clusterId);
            }
            entries.Sort(MembershipEntryRules.CompareByAddress);
            return new MembershipTableSnapshot(version.Value, entries);
        }
        catch (DbException e) when (_dialect.IsMissingTable(e))
        {
            throw MembershipEntryRules.NotInitialized(_clusterId, e);
        }
    }

    public async Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        MembershipEntry stored = MembershipEntryRules.Normalize(entry);
        MembershipEntryRules.CheckExpectedVersion(expectedVersion);
        string votes = SuspectVotesText.Format(stored.SuspectVotes);
        try
        {
            await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
            await using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
            using (DbCommand bump = SqlCommands.Create(connection, transaction, BumpVersionSql)
                       .With("@cluster", _clusterId).With("@expected", expectedVersion))
            {
                if (await bump.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    await EnsureVersionRowAsync(connection, transaction, cancellationToken);
                    return false;
                }
            }
            using (DbCommand upsert = SqlCommands.Create(connection, transaction, UpsertSql)
                       .With("@cluster", _clusterId)
                       .With("@address", stored.Address.Host)
                       .With("@port", stored.Address.Port)
                       .With("@generation", stored.Address.Generation)
                       .With("@name", stored.Name)
                       .With("@host", Environment.MachineName)
                       .With("@status", stored.Status.ToString())
                       .With("@votes", votes)
                       .With("@start", _dialect.ToDbTime(stored.StartTime))
                       .With("@iamalive", _dialect.ToDbTime(stored.IAmAliveTime)))
            {
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (_dialect.IsMissingTable(e))
        {
            throw MembershipEntryRules.NotInitialized(_clusterId, e);
        }
    }

    public async Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken)
    {
        MembershipEntryRules.CheckAddress(address, nameof(address));
        try
        {
            await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
            using DbCommand command = SqlCommands.Create(connection, null, HeartbeatSql)
                .With("@iamalive", _dialect.ToDbTime(StoredTime.Truncate(time)))
                .With("@cluster", _clusterId)
                .With("@address", address.Host)
                .With("@port", address.Port)
                .With("@generation", address.Generation);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw MembershipEntryRules.UnknownSilo(address);
            }
        }
        catch (DbException e) when (_dialect.IsMissingTable(e))
        {
            throw MembershipEntryRules.NotInitialized(_clusterId, e);
        }
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>A failed compare-and-swap is either a stale version or a cluster never initialized; only the first is retryable.</summary>
    private async Task EnsureVersionRowAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using DbCommand command = SqlCommands.Create(connection, transaction, VersionExistsSql).With("@cluster", _clusterId);
        if (await command.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw MembershipEntryRules.NotInitialized(_clusterId);
        }
    }

    private MembershipEntry ReadEntry(DbDataReader reader)
    {
        var address = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3));
        string statusText = reader.GetString(5);
        if (!Enum.TryParse(statusText, ignoreCase: false, out SiloStatus status) || !Enum.IsDefined(status))
        {
            throw new FormatException($"Membership row {address} of cluster '{_clusterId}' has status '{statusText}', which is not a {nameof(SiloStatus)} name.");
        }
        return new MembershipEntry(
            address,
            reader.GetString(4),
            status,
            SuspectVotesText.Parse(reader.GetString(6)),
            _dialect.ReadTime(reader, 7),
            _dialect.ReadTime(reader, 8));
    }
}
