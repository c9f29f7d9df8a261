namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// Every real MCP tool called by the official MCP TypeScript SDK client (node/search-tools.mjs) against the
/// gateway in embedded mode on a fresh SQLite folder without the sample corpus: Streamable HTTP on real
/// Kestrel in both modes, stdio by spawning the built gateway, and a tiny anonymous rate plan.
/// </summary>
public sealed class McpSearchToolsNodeTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("stateless")]
    [InlineData("stateful")]
    public async Task Every_tool_over_streamable_http(string mode)
    {
        var result = await RunAgainstKestrelAsync(new Dictionary<string, string?> { ["Mcp:Stateless"] = mode == "stateless" ? "true" : "false" },
            gateway => ["http", gateway.McpUrl.ToString(), mode]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ok http " + mode + ": no transport errors", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_tool_over_stdio()
    {
        var folder = await NodeTooling.FolderAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("orleanssearch-mcp-tools-stdio-");
        try
        {
            var result = await NodeTooling.RunAsync("node", ["search-tools.mjs", "stdio", .. NodeTooling.StdioGatewayCommand(dataDirectory.FullName)], folder, ScriptTimeout);

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("ok stdio: no transport errors", result.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dataDirectory.FullName, "orleans-search.db")), "the gateway ignored --Gateway:DataDirectory");
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_caller_over_its_rate_plan_gets_a_rate_limited_tool_error()
    {
        var result = await RunAgainstKestrelAsync(new Dictionary<string, string?> { ["Auth:AnonymousPlan:Capacity"] = "3", ["Auth:AnonymousPlan:PerSecond"] = "0.01" },
            gateway => ["rate-limit", gateway.McpUrl.ToString()]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ok rate-limit: rate_limited tool error after 3 calls", result.Output, StringComparison.Ordinal);
    }

    private static async Task<NodeTooling.ProcessResult> RunAgainstKestrelAsync(Dictionary<string, string?> settings, Func<KestrelGateway, string[]> scriptArguments)
    {
        var folder = await NodeTooling.FolderAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("orleanssearch-mcp-tools-http-");
        try
        {
            settings["Gateway:DataDirectory"] = dataDirectory.FullName;
            settings["Gateway:LoadSampleCorpus"] = "false";
            using var gateway = new KestrelGateway(settings);
            return await NodeTooling.RunAsync("node", ["search-tools.mjs", .. scriptArguments(gateway)], folder, ScriptTimeout);
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }
    }
}
