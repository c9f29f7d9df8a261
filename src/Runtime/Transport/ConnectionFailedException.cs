namespace OrleansSearch.Runtime.Transport;

/// <summary>A request could not be handed to a silo (no connection, or it broke before the request left): safe to retry elsewhere.</summary>
internal sealed class ConnectionFailedException : Exception
{
    public ConnectionFailedException() { }
    public ConnectionFailedException(string message) : base(message) { }
    public ConnectionFailedException(string message, Exception? innerException) : base(message, innerException) { }
}
