using System.Globalization;

namespace OrleansSearch.Gateway.Bench;

/// <summary>The Markdown table for bench/RESULTS.md: each scenario against the engine at the same concurrency.</summary>
internal static class ResultsTable
{
    public static void Write(IReadOnlyList<(string Scenario, int Concurrency, PointResult Result)> rows, string baseline, TextWriter output)
    {
        output.WriteLine("| scenario | concurrency | queries/s | p50 ms | p95 ms | p99 ms | errors | q/s ÷ engine | p50 ÷ engine | p99 ÷ engine |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (scenario, concurrency, result) in rows)
        {
            var engine = rows.Single(row => row.Scenario == baseline && row.Concurrency == concurrency).Result;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {concurrency} | {result.QueriesPerSecond:N0} | {result.P50:0.000} | {result.P95:0.000} | {result.P99:0.000} | {result.Errors} | {result.QueriesPerSecond / engine.QueriesPerSecond:0.000} | {result.P50 / engine.P50:0.0} | {result.P99 / engine.P99:0.0} |"));
        }
    }
}
