namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The official MCP TypeScript SDK client (node/e2e.mjs) against the gateway: Streamable HTTP on real
/// Kestrel in both modes, and stdio by spawning the built gateway with --stdio.
/// </summary>
public sealed class McpNodeClientTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("stateless")]
    [InlineData("stateful")]
    public async Task Typescript_sdk_client_over_streamable_http(string mode)
    {
        var folder = await NodeTooling.FolderAsync();
        using var gateway = new KestrelGateway(new Dictionary<string, string?> { ["Mcp:Stateless"] = mode == "stateless" ? "true" : "false" });

        var result = await NodeTooling.RunAsync("node", ["e2e.mjs", "http", gateway.McpUrl.ToString(), mode], folder, ScriptTimeout);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ok http " + mode + ": no transport errors", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typescript_sdk_client_over_stdio()
    {
        var folder = await NodeTooling.FolderAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("orleanssearch-mcp-stdio-");
        var environment = new Dictionary<string, string> { ["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = "OrleansSearch.McpGateway.Tests" };
        try
        {
            var result = await NodeTooling.RunAsync("node", ["e2e.mjs", "stdio", .. NodeTooling.StdioGatewayCommand(dataDirectory.FullName)], folder, ScriptTimeout, environment);

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("ok stdio: no transport errors", result.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dataDirectory.FullName, "orleans-search.db")), "the gateway ignored --Gateway:DataDirectory");
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }
    }
}
