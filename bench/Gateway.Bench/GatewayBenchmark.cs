using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Queries per second and latency through the gateway (REST and MCP, response cache off and on) against the engine
/// alone, in one run: every scenario answers the same workload, and the measurement is cut into rounds in which the
/// scenarios take turns (in a rotating order), so load from elsewhere on the machine falls on all of them alike.
/// More scenarios split the cache-off gateway's cost: the same corpus in an index of one shard instead of four, the
/// query coordinator called in-process (no HTTP), the shard grain calls alone (no coordinator), and the engine split
/// into the index's shards (no Orleans), with and without converting the shards' results to pages.
/// </summary>
internal static class GatewayBenchmark
{
    private static readonly int[] Concurrencies = [1, 16];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    // Issue 8: the embedded default (one co-hosted silo), response cache off, concurrency 16, detail metadata.
    private const int TargetConcurrency = 16;
    private const double TargetThroughputRatio = 0.25;
    private const double TargetP99Milliseconds = 20;

    /// <param name="detail"><c>metadata</c> (the gateway's default: each hit's keyword, number and date fields) or <c>ids</c>.</param>
    /// <param name="only">When set, only the engine and the scenarios whose name contains this are measured (for profiling one path).</param>
    public static async Task<int> RunAsync(TimeSpan perPoint, int rounds, string detail, string? only, TextWriter output)
    {
        var queries = BenchQuery.Workload;
        int documents = await CountCorpusAsync();
        await using var gateways = await BenchGateways.StartAsync(documents, output);
        var engine = await EngineTarget.BuildAsync(await gateways.IndexSpecAsync(), queries, includeStoredFields: detail != "ids");
        if (engine.DocumentCount != documents)
        {
            throw new InvalidOperationException($"The engine holds {engine.DocumentCount} documents, the corpus {documents}.");
        }
        using var cacheOff = GatewayRequests.CreateClient(gateways.CacheOff.Address);
        using var cacheOn = GatewayRequests.CreateClient(gateways.CacheOn.Address);
        await gateways.CreateOneShardIndexAsync(documents, output);
        var sharded = await ShardedEngineTarget.BuildAsync(await gateways.IndexSpecAsync(), queries, includeStoredFields: detail != "ids");
        ISearchTarget[] targets =
        [
            engine,
            new RestTarget("REST, cache off", cacheOff, queries, detail),
            new RestTarget("REST, cache on", cacheOn, queries, detail),
            new McpTarget("MCP, cache off", cacheOff, queries, detail),
            new McpTarget("MCP, cache on", cacheOn, queries, detail),
            new RestTarget("REST, cache off, index of 1 shard", cacheOff, queries, detail, BenchGateways.OneShardIndex),
            new CoordinatorTarget("query coordinator in-process, cache off", gateways.CacheOff.Services.GetRequiredService<QueryCoordinator>(), queries, detail),
            sharded,
            sharded.WithoutPageConversion(),
            await ShardCallsTarget.CreateAsync("shard grain calls only (co-hosted)", gateways.CacheOff.Services.GetRequiredService<IGrainFactory>(), await gateways.IndexSpecAsync(), queries, detail),
        ];

        int sameAsEngine = await CheckAnswersAsync(engine, targets[1..], queries);
        int checkedAnswers = queries.Count * (targets.Length - 1);
        string[] targetScenarios = [targets[1].Name, targets[3].Name];
        if (only is not null)
        {
            targets = [.. targets.Where(target => target == engine || target.Name.Contains(only, StringComparison.Ordinal))];
            targetScenarios = [.. targetScenarios.Where(name => targets.Any(target => target.Name == name))];
        }
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
        output.WriteLine($"Top 10 ids identical to the engine's: {sameAsEngine} of {checkedAnswers} gateway answers.");
        output.WriteLine();
        var rows = points.ConvertAll(point => (point.Target.Name, point.Concurrency, point.Samples.Summarize()));
        ResultsTable.Write(rows, engine.Name, output);
        output.WriteLine();
        WriteTarget(rows, engine.Name, targetScenarios, detail, output);
        return 0;
    }

    /// <summary>The issue's target, stated for the cache-off gateway at concurrency 16 (it is set for the metadata detail).</summary>
    private static void WriteTarget(List<(string Scenario, int Concurrency, PointResult Result)> rows, string baseline, string[] scenarios, string detail, TextWriter output)
    {
        var engine = rows.Single(row => row.Scenario == baseline && row.Concurrency == TargetConcurrency).Result;
        foreach (var scenario in scenarios)
        {
            var result = rows.Single(row => row.Scenario == scenario && row.Concurrency == TargetConcurrency).Result;
            double ratio = result.QueriesPerSecond / engine.QueriesPerSecond;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Target ({scenario}, concurrency {TargetConcurrency}, detail {detail}): {ratio:0.000}× the engine's queries/s (target ≥ {TargetThroughputRatio}: {(ratio >= TargetThroughputRatio ? "met" : "missed")}), p99 {result.P99:0.0} ms (target ≤ {TargetP99Milliseconds}: {(result.P99 <= TargetP99Milliseconds ? "met" : "missed")})."));
        }
    }

    /// <summary>
    /// Before measuring: every target answers every query with hits (a failing or empty answer would make the
    /// numbers meaningless). Returns how many gateway answers have exactly the engine's top 10, in order.
    /// </summary>
    private static async Task<int> CheckAnswersAsync(EngineTarget engine, ISearchTarget[] gateways, IReadOnlyList<BenchQuery> queries)
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
