-- OrleansQuery: the table every Orleans ADO.NET provider reads its SQL from at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"). The providers ship no SQL of their own, so the
-- rows in postgres-clustering.sql and postgres-persistence.sql are the whole contract between
-- Orleans 10.4.2 and this database.
--
-- Applied by PostgresSchema.EnsureAsync in one transaction under an advisory lock, first,
-- before the clustering and persistence files. Every statement is idempotent: a second run changes nothing.
-- Identifiers are unquoted (folded to lower case) because the providers' queries and column
-- lookups are case-insensitive that way.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    -- The longest key the providers use is 'DeleteMembershipTableEntriesKey' (31 characters).
    QueryKey varchar(64) NOT NULL,
    -- text, not varchar(n): a query must never be cut to fit.
    QueryText text NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
