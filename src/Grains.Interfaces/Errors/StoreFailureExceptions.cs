namespace OrleansSearch.Grains;

/// <summary>
/// The document store could not be reached (refused, broken or timed-out connection, server shutting down):
/// nothing of the write was stored, so the client can simply send it again once the store is back (a 503 with
/// Retry-After at the gateway). Not the caller's fault, and not a bug of ours either. Carries no inner exception: the
/// driver's exceptions cannot cross a grain call, so the silo logs the cause where it happens.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message) : base(message)
    {
    }
}

/// <summary>
/// The commit of a write was sent to the document store but its answer was lost (the connection broke while
/// committing): the write may or may not be stored, and nobody can tell until the store is asked again. Reported
/// as such, never as a failure, so the client re-sends it by id (writes are idempotent by id; <c>if_version</c>
/// makes the retry of a conditional write safe) or reads the document back.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.WriteOutcomeUnknownException")]
public sealed class WriteOutcomeUnknownException : Exception
{
    public WriteOutcomeUnknownException(string message) : base(message)
    {
    }
}
