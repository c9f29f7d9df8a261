using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Storage;

/// <summary>What a failed store operation means for whoever asked for it.</summary>
public enum StoreFailureKind
{
    /// <summary>The database answered and refused (a constraint, a bug of ours): not an outage, the error stands as it is.</summary>
    NotAnOutage,

    /// <summary>The store could not be reached before anything was committed: nothing was written, repeating is safe.</summary>
    NotWritten,

    /// <summary>The connection broke while a commit was in flight: the write may or may not be stored.</summary>
    OutcomeUnknown,
}

/// <summary>
/// Sorts a store failure into <see cref="StoreFailureKind"/>. A transaction is all or nothing, so a connection lost
/// before its COMMIT was sent leaves nothing behind (the server rolls an orphaned transaction back); only a
/// connection lost after COMMIT was sent leaves the outcome open, and only on an engine whose commit can complete
/// without its answer reaching us (<see cref="SqlDialect.CommitCanBeLost"/>).
/// </summary>
public static class StoreFailureClassifier
{
    public static StoreFailureKind Classify(SqlDialect dialect, Exception exception, bool commitSent)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (!dialect.IsConnectionFailure(exception))
        {
            return StoreFailureKind.NotAnOutage;
        }
        return commitSent && dialect.CommitCanBeLost ? StoreFailureKind.OutcomeUnknown : StoreFailureKind.NotWritten;
    }
}
