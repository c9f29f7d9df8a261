using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansSearch.Tests.Support;

/// <summary>Keeps every log entry of a test host, so tests can say what must (not) be logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Each entry's message followed by its exception, if any.</summary>
    public IEnumerable<string> Messages => Entries.Select(e => $"{e.Message} {e.Exception}");

    public string[] AtLeast(LogLevel level) =>
        Entries.Where(e => e.Level >= level).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").ToArray();

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}
