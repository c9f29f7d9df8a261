-- Membership for Orleans' ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet 10.4.2),
-- silo and client side. Written for this project from the provider's contract:
--   * query keys it requires: MembershipReadRowKey, MembershipReadAllKey, InsertMembershipVersionKey,
--     InsertMembershipKey, UpdateMembershipKey, UpdateIAmAlivetimeKey, DeleteMembershipTableEntriesKey,
--     GatewaysQueryKey (clients), CleanupDefunctSiloEntriesKey; and the optional CleanupDefunctSiloEntryKey,
--     which 10.4.2 prefers when present;
--   * parameters it binds: @DeploymentId (the cluster id), @Address, @Port, @Generation, @SiloName,
--     @HostName, @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version;
--   * columns it reads by name: DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
--     ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version;
--   * insert and update answer one row with one column that converts to a boolean (did it apply).
--
-- The table version (OrleansMembershipVersionTable.Version) is the optimistic-concurrency token of
-- the whole membership table: every change to a row must also move the version by one, and only
-- if the caller saw the current version. Each write below does both in ONE statement whose first
-- step locks the version row, so concurrent writers queue on that row and the loser sees a changed
-- version and writes nothing. That gives the atomicity without PL/pgSQL functions.
--
-- SiloStatus values used here: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    -- An IPv6 address in text is at most 45 characters.
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    -- NOT NULL: the provider converts this column to int without a null check; 0 means "no gateway".
    ProxyPort integer NOT NULL DEFAULT 0,
    -- "address,time|address,time": the votes that suspect this silo.
    SuspectTimes text NULL,
    -- timestamptz: the provider sends UTC DateTimes and marks what it reads as UTC.
    StartTime timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- ON CONFLICT ... DO UPDATE (only when the text differs): a later release of this file replaces a
-- query it fixed, and applying the same file again writes nothing.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Once per cluster; answers whether this call created the version row. Always exactly one row:
    -- the provider takes the first.
    'InsertMembershipVersionKey', '
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM inserted) AS Inserted;
'),
(
    -- A silo announces itself. The version moves only if the caller saw the current version and
    -- the row is new, so a "false" answer means nothing changed.
    'InsertMembershipKey', '
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId
            AND Version = @Version
            AND NOT EXISTS (
                SELECT 1 FROM OrleansMembershipTable
                WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    inserted AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM bumped
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM inserted) AS Inserted;
'),
(
    -- Status changes and suspicion votes. Same rule: version and row move together or not at all.
    'UpdateMembershipKey', '
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId
            AND Version = @Version
            AND EXISTS (
                SELECT 1 FROM OrleansMembershipTable
                WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    updated AS (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM bumped
        WHERE m.DeploymentId = bumped.DeploymentId
            AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM updated) AS Updated;
'),
(
    -- The heartbeat: deliberately NOT versioned, so frequent heartbeats never make membership
    -- writers retry. The provider ignores the outcome.
    'UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
'),
(
    -- The row of one silo plus the table version. The LEFT JOIN still yields the version when the silo
    -- has no row (then StartTime is NULL and the provider reports no entry). No version row means
    -- no rows: the silo creates it first (InsertMembershipVersionKey).
    'MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
'),
(
    -- Every row of the cluster, each with the table version (same shape as the single-row read).
    'MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
'),
(
    -- Clients: the gateways of Active silos (@Status = 3) that opened a gateway port.
    'GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
'),
(
    -- Forgets a whole cluster (tests and tooling). Rows first: they reference the version row.
    'DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
'),
(
    -- Required by the provider but used only when CleanupDefunctSiloEntryKey is missing (never with
    -- this schema). Deletes only Dead rows that stopped heartbeating before the cut-off, the same
    -- rule the 10.4.2 provider applies before it calls the per-row query below: a silo that is
    -- joining or shutting down must not lose its row to a cleanup.
    'CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6;
'),
(
    -- Deletes one Dead row the provider judged defunct from a read, but only if the row is still
    -- exactly what it read (a compare-and-delete: status, start, heartbeat and votes unchanged), so
    -- a vote or status change in between keeps the row. Empty and NULL vote lists are the same
    -- thing (the provider may send either for "no votes").
    'CleanupDefunctSiloEntryKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
        AND Status = 6
        AND StartTime = @StartTime
        AND IAmAliveTime = @IAmAliveTime
        AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');
')
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
