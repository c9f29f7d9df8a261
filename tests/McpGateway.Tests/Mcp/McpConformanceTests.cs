using Xunit.Abstractions;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, on Node 22), every
/// server scenario of its active suite, against the gateway on real Kestrel with the scenarios' fixtures
/// (<see cref="ConformanceFixtures"/>). Stateful mode must pass all of them; stateless mode all but the
/// five that need a session or server-to-client requests (node/stateless-expected-failures.yml says why).
/// </summary>
public sealed class McpConformanceTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("stateful")]
    [InlineData("stateless")]
    public async Task Conformance_server_scenarios_pass(string mode)
    {
        var folder = await NodeTooling.FolderAsync();
        using var gateway = new KestrelGateway(
            new Dictionary<string, string?> { ["Mcp:Stateless"] = mode == "stateless" ? "true" : "false" },
            services => services.AddConformanceFixtures());
        var output = Path.Combine(folder, "conformance-results", mode);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        List<string> arguments =
        [
            Path.Combine(folder, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js"),
            "server", "--url", gateway.McpUrl.ToString(), "--suite", "active", "-o", output,
        ];
        if (mode == "stateless")
        {
            arguments.AddRange(["--expected-failures", Path.Combine(folder, "stateless-expected-failures.yml")]);
        }

        var result = await NodeTooling.RunAsync(NodeTooling.Node22(folder), arguments, folder, TimeSpan.FromSeconds(120));

        log.WriteLine(string.Join('\n', result.Output.Split('\n').Where(line => line.Contains("Total:", StringComparison.Ordinal) || line.Contains("FAIL", StringComparison.Ordinal))));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(mode == "stateful" ? @"Total: \d+ passed, 0 failed" : @"Total: \d+ passed, 4 failed", result.Output);
    }
}
