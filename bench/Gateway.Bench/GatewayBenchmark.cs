using System.Globalization;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Queries per second and latency through the gateway (REST and MCP, response cache off and on) against the engine
/// alone, in one run: every scenario answers the same workload, and the measurement is cut into rounds in which the
/// scenarios take turns (in a rotating order), so load from elsewhere on the machine falls on all of them alike.
/// </summary>
internal static class GatewayBenchmark
{
    private static readonly int[] Concurrencies = [1, 16];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <param name="detail"><c>metadata</c> (the gateway's default: each hit's keyword, number and date fields) or <c>ids</c>.</param>
    public static async Task<int> RunAsync(TimeSpan perPoint, int rounds, string detail, TextWriter output)
    {
        var queries = BenchQuery.Workload;
        int documents = await CountCorpusAsync();
        await using var cluster = await BenchCluster.StartAsync(documents, output);
        var engine = await EngineTarget.BuildAsync(await cluster.IndexSpecAsync(), queries, includeStoredFields: detail != "ids");
        if (engine.DocumentCount != documents)
        {
            throw new InvalidOperationException($"The engine holds {engine.DocumentCount} documents, the corpus {documents}.");
        }
        using var cacheOff = GatewayRequests.CreateClient(cluster.CacheOff.Address);
        using var cacheOn = GatewayRequests.CreateClient(cluster.CacheOn.Address);
        ISearchTarget[] targets =
        [
            engine,
            new RestTarget("REST, cache off", cacheOff, queries, detail),
            new RestTarget("REST, cache on", cacheOn, queries, detail),
            new McpTarget("MCP, cache off", cacheOff, queries, detail),
            new McpTarget("MCP, cache on", cacheOn, queries, detail),
        ];

        int sameAsEngine = await CheckAnswersAsync(engine, targets[1..], queries);
        foreach (var concurrency in Concurrencies)
        {
            foreach (var target in targets)
            {
                await LoadGenerator.RunAsync(target, concurrency, WarmUp, queries.Count, samples: null);
            }
        }

        var points = Concurrencies.SelectMany(concurrency => targets.Select(target => (Target: target, Concurrency: concurrency, Samples: new PointSamples()))).ToList();
        var slice = perPoint / rounds;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < points.Count; i++)
            {
                var point = points[(i + round * (targets.Length + 1)) % points.Count];
                await LoadGenerator.RunAsync(point.Target, point.Concurrency, slice, queries.Count, point.Samples);
            }
            output.WriteLine($"Round {round + 1} of {rounds} done.");
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{documents:N0} documents, {queries.Count} queries, detail {detail}, {perPoint.TotalSeconds:0.#} s per point in {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine($"Top 10 ids identical to the engine's: {sameAsEngine} of {queries.Count * (targets.Length - 1)} gateway answers.");
        output.WriteLine();
        ResultsTable.Write(points.ConvertAll(point => (point.Target.Name, point.Concurrency, point.Samples.Summarize())), engine.Name, output);
        return 0;
    }

    /// <summary>
    /// Before measuring: every target answers every query with hits (a failing or empty answer would make the
    /// numbers meaningless). Returns how many gateway answers have exactly the engine's top 10, in order.
    /// </summary>
    private static async Task<int> CheckAnswersAsync(ISearchTarget engine, ISearchTarget[] gateways, IReadOnlyList<BenchQuery> queries)
    {
        int same = 0;
        for (int query = 0; query < queries.Count; query++)
        {
            var expected = await engine.HitIdsAsync(query);
            foreach (var target in gateways.Prepend(engine))
            {
                var ids = await target.HitIdsAsync(query);
                if (ids.Count == 0)
                {
                    throw new InvalidOperationException($"{target.Name} found nothing for '{queries[query].Text}': the workload must match documents.");
                }
                if (target != engine && ids.SequenceEqual(expected))
                {
                    same++;
                }
            }
        }
        return same;
    }

    private static async Task<int> CountCorpusAsync()
    {
        int count = 0;
        await foreach (var _ in McpGateway.Hosting.SampleCorpusLoader.ReadCorpusAsync())
        {
            count++;
        }
        return count;
    }
}
