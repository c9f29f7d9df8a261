using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace OrleansSearch.Deploy.Tests.Infrastructure;

/// <summary>
/// The chart rendered by `helm template` for one values file, parsed strictly by KubernetesClient
/// (unknown fields and kinds are errors). Custom resources (the Prometheus Operator's
/// ServiceMonitor) have no model there: they are kept apart as plain YAML mappings.
/// </summary>
internal sealed partial class RenderedChart
{
    public const string KubeVersion = "1.30.0";
    public const string ReleaseName = "search";

    private static readonly ConcurrentDictionary<string, Lazy<RenderedChart>> Cache = new();

    private RenderedChart(string valuesFile, string yaml, IReadOnlyList<object> objects, IReadOnlyList<YamlMappingNode> customResources)
    {
        ValuesFile = valuesFile;
        Yaml = yaml;
        Objects = objects;
        CustomResources = customResources;
    }

    /// <summary>Values file inside the chart, or "" for the chart's defaults only.</summary>
    public string ValuesFile { get; }
    public string Yaml { get; }
    public IReadOnlyList<object> Objects { get; }
    public IReadOnlyList<YamlMappingNode> CustomResources { get; }

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    /// <summary>Renders (once per values file and test run) and parses.</summary>
    public static RenderedChart For(string valuesFile) =>
        Cache.GetOrAdd(valuesFile, file => new Lazy<RenderedChart>(() => Render(file))).Value;

    /// <summary>Arguments that select a values file (none for the defaults).</summary>
    public static string[] ValuesArguments(string valuesFile) =>
        valuesFile.Length == 0 ? [] : ["-f", Path.Combine(RepoPaths.Chart, valuesFile)];

    public static ToolResult Template(string valuesFile, params string[] extra) =>
        ToolRunner.Run(DeployTools.Helm,
            ["template", ReleaseName, RepoPaths.Chart, "--namespace", "search", "--kube-version", KubeVersion,
             .. ValuesArguments(valuesFile), .. extra]);

    private static RenderedChart Render(string valuesFile)
    {
        string yaml = Template(valuesFile).EnsureSuccess().StandardOutput;
        var builtIn = new List<string>();
        var custom = new List<YamlMappingNode>();
        foreach (string document in DocumentSeparator().Split(yaml))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                continue; // comment-only document (an empty template)
            }
            string apiVersion = Scalar(root, "apiVersion");
            // Group of the apiVersion: core ("v1") and the groups KubernetesClient models; anything
            // with a dotted group outside *.k8s.io is a custom resource.
            if (apiVersion.Contains('/', StringComparison.Ordinal) && !IsBuiltInGroup(apiVersion.Split('/')[0]))
            {
                custom.Add(root);
            }
            else
            {
                builtIn.Add(document);
            }
        }
        // strict: an unknown field or kind throws, with the offending name in the message.
        var objects = KubernetesYaml.LoadAllFromString(string.Join("\n---\n", builtIn), typeMap: null, strict: true);
        return new RenderedChart(valuesFile, yaml, objects, custom);
    }

    private static bool IsBuiltInGroup(string group) =>
        !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);

    public static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return "";
            }
            current = next;
        }
        return current is YamlScalarNode scalar ? scalar.Value ?? "" : "";
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    public IEnumerable<V1Deployment> Deployments => OfType<V1Deployment>();

    public V1Deployment Deployment(string component) =>
        Deployments.Single(d => d.Spec.Template.Metadata.Labels["app.kubernetes.io/component"] == component);

    /// <summary>Pod templates whose labels a selector's matchLabels are a subset of.</summary>
    public IEnumerable<V1Deployment> Selected(IDictionary<string, string>? matchLabels) =>
        matchLabels is null || matchLabels.Count == 0
            ? []
            : Deployments.Where(d => matchLabels.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
}
