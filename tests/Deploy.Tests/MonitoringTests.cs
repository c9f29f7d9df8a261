using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansSearch.Deploy.Tests.Infrastructure;

namespace OrleansSearch.Deploy.Tests;

/// <summary>Alert rules (promtool), the compose Prometheus config and the Grafana dashboard.</summary>
public sealed partial class MonitoringTests
{
    private static string Rules => Path.Combine(RepoPaths.Prometheus, "rules.yaml");

    [Fact]
    public void Rules_pass_promtool_check()
    {
        ToolRunner.Run(ToolRunner.Require("promtool"), ["check", "rules", Rules]).EnsureSuccess();
    }

    [Fact]
    public void Rules_pass_their_promtool_unit_tests()
    {
        ToolRunner.Run(ToolRunner.Require("promtool"), ["test", "rules", "rules.test.yaml"], RepoPaths.Prometheus).EnsureSuccess();
    }

    [Fact]
    public void Every_alert_has_a_unit_test_and_a_runbook_section()
    {
        string rules = File.ReadAllText(Rules);
        string tests = File.ReadAllText(Path.Combine(RepoPaths.Prometheus, "rules.test.yaml"));
        string runbook = File.ReadAllText(RepoPaths.Runbook);
        var anchors = Heading().Matches(runbook).Select(m => Anchor(m.Groups[1].Value)).ToHashSet();
        var alerts = AlertName().Matches(rules).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, alerts.Count);
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}", tests, StringComparison.Ordinal));
        foreach (Match link in RunbookLink().Matches(rules))
        {
            Assert.True(anchors.Contains(link.Groups[1].Value), $"docs/RUNBOOK.md has no section #{link.Groups[1].Value}");
        }
    }

    [Fact]
    public void Compose_prometheus_config_passes_promtool_with_the_rules()
    {
        // Laid out as in the container: prometheus.yml and rules.yaml side by side.
        string directory = Directory.CreateTempSubdirectory("prometheus-config-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Compose, "prometheus", "prometheus.yml"), Path.Combine(directory, "prometheus.yml"));
            File.Copy(Rules, Path.Combine(directory, "rules.yaml"));
            ToolRunner.Run(ToolRunner.Require("promtool"), ["check", "config", "prometheus.yml"], directory).EnsureSuccess();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Monitoring_files_pass_yamllint()
    {
        ToolRunner.Run(ToolRunner.Require("yamllint"),
            ["--strict", "-c", RepoPaths.YamlLintConfig, RepoPaths.Prometheus, Path.Combine(RepoPaths.Compose, "prometheus")])
            .EnsureSuccess();
    }

    [Fact]
    public void Dashboard_is_valid_against_the_grafana_schema()
    {
        ToolRunner.Run(DeployTools.Node, [DeployTools.Script("validate-dashboard.js"), Path.Combine(RepoPaths.Grafana, "orleans-search.json")])
            .EnsureSuccess();
    }

    [Fact]
    public void Dashboard_queries_use_recorded_series_or_our_own_metrics()
    {
        string rules = File.ReadAllText(Rules);
        var recorded = RecordName().Matches(rules).Select(m => m.Groups[1].Value).ToHashSet();
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Grafana, "orleans-search.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        Assert.NotEmpty(expressions);
        foreach (string expression in expressions)
        {
            foreach (Match name in SeriesName().Matches(expression))
            {
                string series = name.Value;
                // External names (Orleans, .NET) are read only in the rules, so one file changes when they do.
                Assert.True(recorded.Contains(series) || series.StartsWith("orleanssearch_", StringComparison.Ordinal),
                    $"dashboard query uses {series}, which is neither recorded in rules.yaml nor one of our metrics: {expression}");
            }
        }
        // The panels the issue asks for.
        string titles = string.Join('|', dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()));
        foreach (string title in new[] { "Requests", "latency percentiles", "Cache hit rate", "Shards per silo", "Activations", "Grain call latency" })
        {
            Assert.Contains(title, titles, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Anchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^a-z0-9 \-]", "").Replace(' ', '-');

    [GeneratedRegex(@"^#{2,4} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"- alert: (\S+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"- record: (\S+)")]
    private static partial Regex RecordName();

    [GeneratedRegex(@"docs/RUNBOOK\.md#([a-z0-9\-]+)")]
    private static partial Regex RunbookLink();

    // Metric names in our PromQL: every series we read starts with one of these prefixes, and no
    // label name or function does.
    [GeneratedRegex(@"(?<![\w$])(?:orleans|dotnet|process|http)[A-Za-z0-9_:]*")]
    private static partial Regex SeriesName();
}
