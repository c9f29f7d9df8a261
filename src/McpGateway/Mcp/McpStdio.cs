using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// Serves the same MCP tools as the HTTP endpoint over stdin/stdout, for MCP clients that spawn the
/// gateway as a child process (<c>OrleansSearch.McpGateway --stdio</c>). Stdout carries nothing but
/// JSON-RPC, so every log line must go to stderr: call <see cref="AddMcpStdioLogging"/> on the builder.
/// </summary>
internal static class McpStdio
{
    public const string CommandLineSwitch = "--stdio";

    public static bool IsRequested(string[] args) => Array.IndexOf(args, CommandLineSwitch) >= 0;

    /// <summary>
    /// The arguments for configuration, without the switch: the command-line provider would read
    /// <c>--stdio --Gateway:DataDirectory=x</c> as the key "stdio" with the value "--Gateway:DataDirectory=x"
    /// and silently lose that setting.
    /// </summary>
    public static string[] ConfigurationArguments(string[] args) => Array.FindAll(args, arg => arg != CommandLineSwitch);

    /// <summary>Replaces the logging providers with a console logger that writes every level to stderr.</summary>
    public static ILoggingBuilder AddMcpStdioLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.Services.Configure<ConsoleFormatterOptions>(options => options.IncludeScopes = false);
        return logging;
    }

    /// <summary>
    /// Runs the MCP server on stdin/stdout (the SDK's StdioServerTransport) until the client closes stdin or
    /// <paramref name="cancellationToken"/> fires, with the same <see cref="McpServerOptions"/> (tools, filters) as
    /// the HTTP endpoint. Needs <see cref="McpEndpointExtensions.AddMcpEndpoint"/>; each request gets its own DI scope.
    /// It runs after the host has started rather than as the SDK's hosted service (WithStdioServerTransport), so no
    /// tool call reaches a cluster that is not connected yet.
    /// </summary>
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var serverOptions = services.GetRequiredService<IOptions<McpServerOptions>>().Value;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var transport = new StdioServerTransport(serverOptions, loggerFactory);
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, serverOptions, loggerFactory, services);
            await using (server.ConfigureAwait(false))
            {
                loggerFactory.CreateLogger(typeof(McpStdio)).StdioStarted(serverOptions.ServerInfo?.Name ?? "", serverOptions.ServerInfo?.Version ?? "", serverOptions.ToolCollection?.Count ?? 0);
                try
                {
                    await server.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
    }
}
