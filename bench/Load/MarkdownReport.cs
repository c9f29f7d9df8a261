using System.Globalization;
using System.Text;
using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>A scenario's result as markdown: the summary table, failures by reason, the fault's steps, recovery, lost writes, then per second.</summary>
internal static class MarkdownReport
{
    private static readonly string[] Operations = ["rest-search", "mcp-search", "write"];

    public static string Render(ScenarioResult result)
    {
        var text = new StringBuilder();
        var scenario = result.Scenario;
        Line(text, $"### {scenario.Name}: {scenario.Description}");
        Line(text, "");
        Line(text, $"Started {result.StartedAt:yyyy-MM-dd HH:mm} UTC, load average {result.LoadAverageBefore} before and {result.LoadAverageAfter} after; "
            + (scenario.IsCapacity ? $"capacity **{result.Capacity:0} searches/s** (+ {result.WritesPerSecond:0.#} writes/s)."
                : $"capacity {result.Capacity:0} searches/s, offered {result.SearchesPerSecond:0} searches/s + {result.WritesPerSecond:0.#} writes/s."));
        Line(text, "");
        if (scenario.IsCapacity)
        {
            RenderCapacity(text, result.CapacitySteps);
            return text.ToString();
        }
        RenderTotals(text, result.Summary);
        Line(text, "");
        Line(text, $"- failures: {result.Summary.DescribeFailures()}");
        foreach (var (at, what) in result.FaultMarks)
        {
            Line(text, $"- {at.TotalSeconds:0.0} s: {what}");
        }
        if (result.FaultStart is not null)
        {
            Line(text, $"- recovery (from the fault's start until every later second is full and successful): {(result.Recovery is { } recovery ? $"**{recovery.TotalSeconds:0.0} s**" : "**not within the run**")}");
        }
        Line(text, $"- acknowledged writes: {result.AcknowledgedWrites}, lost: **{result.LostWrites.Count}**{(result.LostWrites.Count > 0 ? " (" + string.Join(", ", result.LostWrites.Take(10)) + ")" : "")}");
        if (result.Memory.Count > 0)
        {
            Line(text, "");
            RenderMemory(text, result.Memory);
        }
        Line(text, "");
        RenderPerSecond(text, result.Summary, result.FaultMarks);
        return text.ToString();
    }

    private static void RenderTotals(StringBuilder text, LoadSummary summary)
    {
        Line(text, "| requests | sent | failed | partial | p50 ms | p95 ms | p99 ms | max ms |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|");
        TotalsRow(text, "all", summary);
        foreach (string operation in Operations)
        {
            var part = summary.For(operation);
            if (part.Sent > 0)
            {
                TotalsRow(text, operation, part);
            }
        }
    }

    private static void TotalsRow(StringBuilder text, string name, LoadSummary summary) =>
        Line(text, $"| {name} | {summary.Sent} | {summary.Failed} | {summary.Partial} | {Ms(summary.Latency.P50)} | {Ms(summary.Latency.P95)} | {Ms(summary.Latency.P99)} | {Ms(summary.Latency.Max)} |");

    private static void RenderCapacity(StringBuilder text, IReadOnlyList<CapacityStep> steps)
    {
        Line(text, $"{steps.Count} open-loop steps of {CapacitySearch.StepLength.TotalSeconds:0} s after {CapacitySearch.WarmUp.TotalSeconds:0} s of warm-up; sustained = no failure, no partial, p50 ≤ {CapacitySearch.LatencyBound.TotalMilliseconds:0} ms.");
        Line(text, "");
        Line(text, "| searches/s offered | sent | failed | partial | p50 ms | p99 ms | max ms | sustained |");
        Line(text, "|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var step in steps)
        {
            var s = step.Summary;
            Line(text, $"| {step.SearchesPerSecond:0} | {s.Sent} | {s.Failed} | {s.Partial} | {Ms(s.Latency.P50)} | {Ms(s.Latency.P99)} | {Ms(s.Latency.Max)} | {(step.Sustained ? "yes" : "no: " + Why(s))} |");
        }
    }

    private static string Why(LoadSummary summary) => summary.Failed > 0 ? summary.DescribeFailures() : summary.Partial > 0 ? $"{summary.Partial} partial" : "p50";

    private static void RenderMemory(StringBuilder text, IReadOnlyList<MemorySample> samples)
    {
        // Growth is measured after warm-up: the first fifth of the run (caches, JIT, pools filling) is left out.
        var end = samples.Max(sample => sample.At);
        var warm = end / 5;
        Line(text, $"RSS per process (MiB), sampled every 5 s; growth from the first sample after warm-up ({warm.TotalSeconds:0} s) to the last:");
        Line(text, "");
        Line(text, "| process | after warm-up | last | max | growth |");
        Line(text, "|---|---:|---:|---:|---:|");
        foreach (var process in samples.GroupBy(sample => sample.Process).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var ordered = process.OrderBy(sample => sample.At).ToList();
            var first = ordered.FirstOrDefault(sample => sample.At >= warm);
            if (first == default)
            {
                continue;
            }
            var last = ordered[^1];
            double growth = (double)(last.RssBytes - first.RssBytes) / first.RssBytes;
            Line(text, $"| {process.Key} | {Mib(first.RssBytes)} | {Mib(last.RssBytes)} | {Mib(ordered.Max(sample => sample.RssBytes))} | {growth:+0.0%;-0.0%} |");
        }
    }

    private static void RenderPerSecond(StringBuilder text, LoadSummary summary, IReadOnlyList<(TimeSpan At, string What)> marks)
    {
        Line(text, "Per second (requests by intended send time; latency from that time):");
        Line(text, "");
        Line(text, "```");
        Line(text, "   s  sent  fail  part    p50 ms    p99 ms    max ms");
        foreach (var second in summary.PerSecond)
        {
            string events = string.Join("; ", marks.Where(mark => (int)mark.At.TotalSeconds == second.Second).Select(mark => mark.What));
            Line(text, $"{second.Second,4} {second.Sent,5} {second.Failed,5} {second.Partial,5} {Ms(second.Latency.P50),9} {Ms(second.Latency.P99),9} {Ms(second.Latency.Max),9}{(events.Length > 0 ? "  ← " + events : "")}");
        }
        Line(text, "```");
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) => text.Append(FormattableString.Invariant(line)).Append('\n');

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
