using System.Text.Json.Nodes;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>The search tools over MCP Streamable HTTP against the embedded cluster: what a model reads in the text copy, and parity with REST.</summary>
public sealed class McpSearchToolTests : IClassFixture<McpSearchToolTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public McpGatewayFactory Factory { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = await Factory.StartAsync();
            await CallAsync(Client, "create_index", new
            {
                name = "notes",
                shards = 2,
                fields = new object[] { new { name = "title", type = "text" }, new { name = "section", type = "keyword" } },
            });
            await CallAsync(Client, "index_documents", new
            {
                index = "notes",
                documents = Enumerable.Range(0, 6).Select(i => new { id = $"n{i}", fields = new { title = $"Don't panic + relax, part {i}", section = "guides" } }).ToArray(),
            });
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Host _host;

    public McpSearchToolTests(Host host) => _host = host;

    [Fact]
    public async Task The_text_copy_escapes_only_what_json_requires()
    {
        var result = await CallAsync(_host.Client, "search", new { index = "notes", query = "panic", detail = "preview", top_k = 1 });

        string text = (string)result["content"]![0]!["text"]!;
        Assert.Contains("Don't <em>panic</em> + relax", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
        // The text copy is still the structured content.
        Assert.True(JsonNode.DeepEquals(result["structuredContent"], JsonNode.Parse(text)));
    }

    [Fact]
    public async Task Search_takes_offset_and_allow_partial_as_rest_does()
    {
        using var listed = await _host.Client.SendAsync(McpHttp.Post(McpHttp.Request(2, "tools/list")));
        var search = (await McpHttp.ReadResponseAsync(listed))["result"]!["tools"]!.AsArray().Single(tool => (string?)tool!["name"] == "search")!;
        Assert.Equal("integer", (string?)search["inputSchema"]!["properties"]!["offset"]!["type"]);
        Assert.Equal("boolean", (string?)search["inputSchema"]!["properties"]!["allow_partial"]!["type"]);

        var all = await IdsAsync(new { index = "notes", query = "panic", top_k = 6, detail = "ids", sort = "section", allow_partial = false });
        var skipped = await IdsAsync(new { index = "notes", query = "panic", top_k = 2, offset = 3, detail = "ids", sort = "section", allow_partial = false });

        Assert.Equal(6, all.Count);
        Assert.Equal(all[3..5], skipped);
    }

    private async Task<List<string>> IdsAsync(object arguments)
        => (await CallAsync(_host.Client, "search", arguments))["structuredContent"]!["hits"]!.AsArray().Select(hit => (string)hit!["id"]!).ToList();

    internal static async Task<JsonNode> CallAsync(HttpClient client, string tool, object arguments)
    {
        using var response = await client.SendAsync(McpHttp.Post(McpHttp.Request(Random.Shared.NextInt64(1, long.MaxValue), "tools/call", new { name = tool, arguments })));
        var raw = await McpHttp.ReadResponseAsync(response);
        var result = raw["result"] ?? throw new InvalidOperationException(raw.ToJsonString());
        Assert.True((bool?)result["isError"] != true, result.ToJsonString());
        return result;
    }
}
