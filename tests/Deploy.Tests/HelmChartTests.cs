using OrleansSearch.Deploy.Tests.Infrastructure;

namespace OrleansSearch.Deploy.Tests;

/// <summary>The chart as Helm sees it: lint, render, schema and the chart's own guards.</summary>
public sealed class HelmChartTests
{
    /// <summary>The values files every check runs with: defaults, small, production.</summary>
    public static TheoryData<string> ValuesFiles => new() { "", "values-small.yaml", "values-production.yaml" };

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Lint_is_clean_in_strict_mode(string valuesFile)
    {
        var result = ToolRunner.Run(DeployTools.Helm, ["lint", "--strict", "--kube-version", RenderedChart.KubeVersion, RepoPaths.Chart, .. RenderedChart.ValuesArguments(valuesFile)]);
        result.EnsureSuccess();
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Renders_for_Kubernetes_1_30_and_parses_strictly(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        Assert.NotEmpty(chart.Objects);
        Assert.Equal(2, chart.Deployments.Count());
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Rendered_manifests_pass_yamllint(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        ToolRunner.Run(ToolRunner.Require("yamllint"), ["--strict", "-c", RepoPaths.YamlLintConfig, "-"], standardInput: chart.Yaml)
            .EnsureSuccess();
    }

    [Fact]
    public void Values_files_pass_yamllint()
    {
        ToolRunner.Run(ToolRunner.Require("yamllint"),
            ["--strict", "-c", RepoPaths.YamlLintConfig,
             Path.Combine(RepoPaths.Chart, "Chart.yaml"), Path.Combine(RepoPaths.Chart, "values.yaml"),
             Path.Combine(RepoPaths.Chart, "values-small.yaml"), Path.Combine(RepoPaths.Chart, "values-production.yaml")])
            .EnsureSuccess();
    }

    [Fact]
    public void Values_schema_rejects_unknown_and_mistyped_values()
    {
        var unknown = RenderedChart.Template("", "--set", "silo.replicaz=3");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("replicaz", unknown.StandardError, StringComparison.Ordinal);

        var mistyped = RenderedChart.Template("", "--set", "silo.antiAffinity=sometimes");
        Assert.NotEqual(0, mistyped.ExitCode);
        Assert.Contains("antiAffinity", mistyped.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_before_1_30_is_refused()
    {
        // The preStop sleep action needs 1.30 (beta, on by default); Chart.yaml's kubeVersion says so.
        var result = ToolRunner.Run(DeployTools.Helm, ["template", RenderedChart.ReleaseName, RepoPaths.Chart, "--kube-version", "1.29.0"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kubeVersion", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grace_period_shorter_than_the_silo_drain_is_refused()
    {
        var result = RenderedChart.Template("", "--set", "silo.terminationGracePeriodSeconds=30");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("terminationGracePeriodSeconds", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_the_secret_needs_a_connection_string_and_a_key_hash()
    {
        var noConnection = RenderedChart.Template("", "--set", "secrets.existingSecret=");
        Assert.NotEqual(0, noConnection.ExitCode);
        Assert.Contains("postgresConnectionString", noConnection.StandardError, StringComparison.Ordinal);

        var noKeys = RenderedChart.Template("", "--set", "secrets.existingSecret=", "--set", "secrets.postgresConnectionString=Host=x");
        Assert.NotEqual(0, noKeys.ExitCode);
        Assert.Contains("apiKeys", noKeys.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_value_is_documented_in_the_chart_readme()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Chart, "README.md"));
        var values = new YamlDotNet.RepresentationModel.YamlStream();
        values.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.yaml"))));
        var missing = LeafPaths((YamlDotNet.RepresentationModel.YamlMappingNode)values.Documents[0].RootNode, "")
            .Where(path => !readme.Contains($"`{path}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "values.yaml keys missing from the chart README: " + string.Join(", ", missing));
    }

    /// <summary>Dotted paths of the values, down to scalars, lists and empty maps.</summary>
    private static IEnumerable<string> LeafPaths(YamlDotNet.RepresentationModel.YamlMappingNode node, string prefix)
    {
        foreach (var (key, value) in node.Children)
        {
            string path = prefix + ((YamlDotNet.RepresentationModel.YamlScalarNode)key).Value;
            // resources are documented as a whole ({ requests, limits }), not per field.
            if (value is YamlDotNet.RepresentationModel.YamlMappingNode child && child.Children.Count > 0 && !path.EndsWith(".resources", StringComparison.Ordinal))
            {
                foreach (string leaf in LeafPaths(child, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
