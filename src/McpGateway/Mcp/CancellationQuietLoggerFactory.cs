namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The logger factory handed to the MCP SDK. The SDK logs a handler that ended in
/// <see cref="OperationCanceledException"/> as a warning, but here cancellation only ever means the
/// client went away, sent notifications/cancelled, or the gateway is stopping: none is a fault of the
/// server, so such entries are written at Debug instead. Every other entry passes through unchanged.
/// </summary>
internal sealed class CancellationQuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new QuietLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the host; disposing this view must not dispose it.</summary>
    public void Dispose()
    {
    }

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is OperationCanceledException && logLevel > LogLevel.Debug)
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
