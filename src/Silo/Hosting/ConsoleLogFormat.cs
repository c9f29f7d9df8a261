using Microsoft.Extensions.Logging.Console;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Console log format of every process: <c>Logging:Console:FormatterName</c> when configured (<c>simple</c>,
/// <c>json</c>, <c>systemd</c>); otherwise plain text when stdout is a terminal (a person reads it) and JSON when it is
/// redirected (a container runtime or a log shipper parses it). Trace and span ids join each line's scopes.
/// </summary>
public static class ConsoleLogFormat
{
    public const string FormatterKey = "Logging:Console:FormatterName";

    public static WebApplicationBuilder UseConsoleLogFormat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string formatter = builder.Configuration[FormatterKey] is { Length: > 0 } configured ? configured : Default(Console.IsOutputRedirected);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = formatter);
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        return builder;
    }

    /// <summary>The formatter when none is configured.</summary>
    public static string Default(bool outputRedirected) => outputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
}
