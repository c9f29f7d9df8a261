-- Grain state for Orleans' ADO.NET persistence provider (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
-- Written for this project from the provider's contract:
--   * query keys: ReadFromStorageKey, WriteToStorageKey, ClearStorageKey (required) and
--     DeleteStorageKey (needed when the provider's DeleteStateOnClear is set);
--   * parameters: @GrainIdHash, @GrainTypeHash (int), @GrainIdN0, @GrainIdN1 (bigint),
--     @GrainTypeString, @GrainIdExtensionString (NULL when the key has no extension), @ServiceId,
--     @GrainStateVersion (the ETag as int, NULL before the first write), @PayloadBinary (bytea);
--   * the read answers at most one row with columns PayloadBinary and Version; write answers one
--     row with column NewGrainStateVersion; clear and delete answer one row whose first column is
--     the new version. A NULL answer means "the caller's ETag was stale": the provider then
--     throws InconsistentStateException. So every write-like query below answers EXACTLY one row,
--     NULL on conflict, and never an empty result (an empty result would look like success to a
--     caller whose ETag is NULL).
--
-- The payload is whatever the configured IGrainStorageSerializer writes: ours is UTF-8 JSON
-- (JsonGrainStorageSerializer), kept as bytea because the provider binds it as binary.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    -- Hashes of the id and type, computed by the provider: narrow integers for the index lookup.
    GrainIdHash integer NOT NULL,
    GrainTypeHash integer NOT NULL,
    -- The grain key itself (two 64-bit halves plus an optional string extension): hashes collide,
    -- so every query also compares these.
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    -- NULL after a clear: the row stays, so its version keeps counting and a stale writer still loses.
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL DEFAULT now(),
    Version integer NOT NULL
);

-- One row per grain and service. Unique, so two first writes racing (both with a NULL ETag) cannot
-- both insert: the second one's ON CONFLICT DO NOTHING makes it lose. The extension is NULL for most
-- grains and NULLs never collide in a unique index, so it is indexed as (COALESCE(ext, ''),
-- ext IS NULL): equal for the same key, different for NULL versus ''. The hashes lead, so the same
-- index serves the lookups.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, ServiceId,
    (COALESCE(GrainIdExtensionString, '')), (GrainIdExtensionString IS NULL)
);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
'),
(
    -- With an ETag: update the row only if its version is that ETag. Without one: insert version 1
    -- only if the grain has no row at all (the unique index settles races). Either way one row
    -- answers: the new version, or NULL when the ETag did not match.
    'WriteToStorageKey', '
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
            AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING Version
    ),
    inserted AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString, @GrainIdExtensionString,
               @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted LIMIT 1) AS NewGrainStateVersion;
'),
(
    -- Keeps the row with a NULL payload and a higher version (see PayloadBinary above).
    'ClearStorageKey', '
    WITH cleared AS (
        UPDATE OrleansStorage
        SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
        WHERE Version = @GrainStateVersion
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
            AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING Version
    )
    SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
'),
(
    -- DeleteStateOnClear: removes the row. The answer only has to differ from the ETag of the caller
    -- (the provider then forgets the ETag), so it is the deleted version plus one.
    'DeleteStorageKey', '
    WITH deleted AS (
        DELETE FROM OrleansStorage
        WHERE Version = @GrainStateVersion
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
            AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING Version
    )
    SELECT (SELECT Version + 1 FROM deleted) AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
