namespace OrleansSearch.Search.Snapshots;

/// <summary>A snapshot that cannot be loaded: corrupt, truncated, of another format version or another schema. Nothing was loaded.</summary>
public sealed class SnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SnapshotException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
