using System.Net;
using System.Text.RegularExpressions;

namespace OrleansSearch.McpGateway.Tests.Observability;

/// <summary>
/// Issue 10, logs: started from a terminal (stdout a pseudo-terminal, as in a person's shell) and with no formatter
/// configured, the gateway logs plain text, not the JSON it writes when its output is redirected (a container).
/// </summary>
public sealed partial class TerminalLogFormatTests
{
    [Fact]
    public async Task On_a_terminal_the_gateway_logs_plain_text()
    {
        using var gateway = await EmbeddedGatewayProcess.StartAsync(terminal: true);
        using var http = new HttpClient { BaseAddress = gateway.Process.HttpAddress };
        using var response = await http.GetAsync(new Uri("/v1/indexes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // On a terminal the simple formatter colours the level: the colour codes are not what the test is about.
        var lines = TerminalControl().Replace(gateway.Output(), "").Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
        // The simple formatter: "<timestamp>info: <category>[event id]" and the message on the next line, indented.
        Assert.Contains(lines, line => line.Contains("info: Microsoft.Hosting.Lifetime[14]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.TrimStart().StartsWith("Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("{\"", StringComparison.Ordinal));
    }

    /// <summary>ANSI colour and terminal-mode sequences (ESC [ ... letter, ESC =, ESC &gt;).</summary>
    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex TerminalControl();
}
