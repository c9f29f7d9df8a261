namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Demotes the SDK's log entries about an MCP request that ended in <see cref="OperationCanceledException"/>
/// ("request handler failed", Warning, with a stack trace) to Debug: here cancellation only ever means the
/// client went away, sent notifications/cancelled, or the gateway is stopping, none of them a fault of the
/// server. The SDK takes its loggers from DI, so the host's <see cref="ILoggerFactory"/> is wrapped; loggers
/// of categories outside "ModelContextProtocol" are handed out unwrapped and cost nothing extra.
/// </summary>
internal static class McpCancellationQuietLogging
{
    private const string SdkCategoryPrefix = "ModelContextProtocol";

    public static IServiceCollection AddMcpCancellationQuietLogging(this IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        if (original is null || original.ImplementationType == typeof(QuietLoggerFactory))
        {
            return services;
        }
        services.Remove(original);
        services.AddSingleton<ILoggerFactory>(provider => new QuietLoggerFactory(original switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!),
        }, ownsInner: original.ImplementationInstance is null));
        return services;
    }

    private sealed class QuietLoggerFactory(ILoggerFactory inner, bool ownsInner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? new QuietLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            if (ownsInner)
            {
                inner.Dispose();
            }
        }
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
