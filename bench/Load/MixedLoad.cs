using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>
/// The bench's traffic: searches at a given rate, split between REST and MCP, plus a fixed rate of new-document
/// writes, each stream spread evenly over both gateways. Searches ask for the top 10 with metadata, keyword mode.
/// </summary>
internal sealed record MixedLoad(IReadOnlyList<LoadStream> Streams, RestWrite Writes)
{
    public static MixedLoad Create(LoadCluster cluster, double searchesPerSecond, BenchOptions options, string writeIdPrefix)
    {
        var writes = new RestWrite(LoadCluster.Index, writeIdPrefix, id => new
        {
            name = id,
            description = "load bench document written under load",
            section = "loadbench",
        });
        IReadOnlyList<IReadOnlyDictionary<string, object>> queries = [.. cluster.Queries.Select(query =>
            (IReadOnlyDictionary<string, object>)new Dictionary<string, object> { ["query"] = query, ["top_k"] = 10, ["detail"] = "metadata" })];
        var streams = new List<LoadStream>();
        double mcp = searchesPerSecond * options.McpShare;
        if (searchesPerSecond - mcp > 0)
        {
            streams.Add(new LoadStream(new RestSearch(LoadCluster.Index, [.. queries]), searchesPerSecond - mcp, cluster.LoadClients));
        }
        if (mcp > 0)
        {
            streams.Add(new LoadStream(new McpSearch(LoadCluster.Index, queries), mcp, cluster.LoadClients));
        }
        if (options.WriteRate > 0)
        {
            streams.Add(new LoadStream(writes, options.WriteRate, cluster.LoadClients));
        }
        return new MixedLoad(streams, writes);
    }
}
