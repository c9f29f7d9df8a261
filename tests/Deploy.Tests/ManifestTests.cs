using System.Globalization;
using k8s.Models;
using OrleansSearch.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansSearch.Deploy.Tests;

/// <summary>What the rendered manifests must say, for every values file.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> ValuesFiles => HelmChartTests.ValuesFiles;

    private static IEnumerable<(V1Deployment Deployment, V1Container Container)> Containers(RenderedChart chart) =>
        chart.Deployments.SelectMany(d => d.Spec.Template.Spec.Containers.Select(c => (d, c)));

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Every_container_has_requests_and_a_memory_limit(string valuesFile)
    {
        foreach (var (deployment, container) in Containers(RenderedChart.For(valuesFile)))
        {
            string where = $"{deployment.Metadata.Name}/{container.Name}";
            Assert.True(container.Resources?.Requests?.ContainsKey("cpu") == true, $"{where}: no cpu request");
            Assert.True(container.Resources?.Requests?.ContainsKey("memory") == true, $"{where}: no memory request");
            Assert.True(container.Resources?.Limits?.ContainsKey("memory") == true, $"{where}: no memory limit");
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Every_container_has_startup_liveness_and_readiness_probes_on_its_health_endpoints(string valuesFile)
    {
        foreach (var (deployment, container) in Containers(RenderedChart.For(valuesFile)))
        {
            string where = $"{deployment.Metadata.Name}/{container.Name}";
            Assert.Equal("/health/live", container.StartupProbe?.HttpGet?.Path);
            Assert.Equal("/health/live", container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe?.HttpGet?.Path);
            var portNames = container.Ports.Select(p => p.Name).ToHashSet();
            foreach (var probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe })
            {
                Assert.True(portNames.Contains(probe!.HttpGet.Port.Value), $"{where}: probe port {probe.HttpGet.Port.Value} is not a container port");
            }
            Assert.NotNull(container.Lifecycle?.PreStop);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Every_container_runs_as_non_root_with_a_read_only_root_filesystem(string valuesFile)
    {
        foreach (var (deployment, container) in Containers(RenderedChart.For(valuesFile)))
        {
            string where = $"{deployment.Metadata.Name}/{container.Name}";
            var pod = deployment.Spec.Template.Spec.SecurityContext;
            var security = container.SecurityContext;
            Assert.True((security?.RunAsNonRoot ?? pod?.RunAsNonRoot) == true, $"{where}: runAsNonRoot is not true");
            long? user = security?.RunAsUser ?? pod?.RunAsUser;
            Assert.True(user is > 0, $"{where}: runAsUser is {user?.ToString(CultureInfo.InvariantCulture) ?? "unset"}");
            Assert.True(security?.ReadOnlyRootFilesystem == true, $"{where}: root filesystem is writable");
            Assert.True(security?.AllowPrivilegeEscalation == false, $"{where}: privilege escalation allowed");
            Assert.Contains("ALL", security?.Capabilities?.Drop ?? []);
            // The one writable path, /tmp, is an emptyDir.
            var tmp = container.VolumeMounts?.SingleOrDefault(m => m.MountPath == "/tmp");
            Assert.NotNull(tmp);
            Assert.NotNull(deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == tmp.Name).EmptyDir);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Container_ports_are_the_ports_the_images_expose(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        var exposed = new Dictionary<string, ISet<int>>
        {
            ["silo"] = Dockerfile.Load("silo.Dockerfile").Exposed("silo"),
            ["gateway"] = Dockerfile.Load("gateway.Dockerfile").Exposed("gateway"),
        };
        foreach (var (deployment, container) in Containers(chart))
        {
            foreach (var port in container.Ports)
            {
                Assert.True(exposed[container.Name].Contains(port.ContainerPort),
                    $"{deployment.Metadata.Name}/{container.Name}: port {port.ContainerPort} is not EXPOSEd by the image ({string.Join(", ", exposed[container.Name])})");
            }
            // The HTTP port the process listens on (Urls) is the port named http.
            string urls = container.Env.Single(e => e.Name == "Urls").Value;
            Assert.EndsWith(":" + container.Ports.Single(p => p.Name == "http").ContainerPort, urls, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Disruption_budgets_select_the_pods_of_exactly_one_deployment(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        var budgets = chart.OfType<V1PodDisruptionBudget>().ToList();
        Assert.Equal(2, budgets.Count);
        foreach (var budget in budgets)
        {
            var selected = chart.Selected(budget.Spec.Selector.MatchLabels).ToList();
            Assert.True(selected.Count == 1, $"PDB {budget.Metadata.Name} selects {selected.Count} deployments");
        }
        var silo = chart.OfType<V1PodDisruptionBudget>().Single(b => b.Spec.Selector.MatchLabels["app.kubernetes.io/component"] == "silo");
        Assert.Equal("1", silo.Spec.MaxUnavailable.Value);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Services_select_pods_and_target_named_container_ports(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        foreach (var service in chart.OfType<V1Service>())
        {
            var selected = chart.Selected(service.Spec.Selector).ToList();
            Assert.True(selected.Count == 1, $"Service {service.Metadata.Name} selects {selected.Count} deployments");
            var portNames = selected[0].Spec.Template.Spec.Containers.SelectMany(c => c.Ports).Select(p => p.Name).ToHashSet();
            foreach (var port in service.Spec.Ports)
            {
                Assert.True(portNames.Contains(port.TargetPort.Value), $"Service {service.Metadata.Name}: targetPort {port.TargetPort.Value} is not a named container port");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void Silos_drain_within_their_grace_period_one_at_a_time_spread_over_nodes(string valuesFile)
    {
        var silo = RenderedChart.For(valuesFile).Deployment("silo");
        var pod = silo.Spec.Template.Spec;
        // preStop sleep + the silo's 45 s HostOptions.ShutdownTimeout + margin.
        long preStop = pod.Containers[0].Lifecycle.PreStop.Sleep.Seconds;
        Assert.True(pod.TerminationGracePeriodSeconds >= 60, $"grace {pod.TerminationGracePeriodSeconds}s < 60s");
        Assert.True(pod.TerminationGracePeriodSeconds >= preStop + 45 + 5, "grace does not cover preStop + 45 s drain");
        Assert.Equal("0", silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        var antiAffinity = pod.Affinity.PodAntiAffinity;
        var topologyKeys = (antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Select(t => t.TopologyKey)
            .Concat((antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => t.PodAffinityTerm.TopologyKey));
        Assert.Contains("kubernetes.io/hostname", topologyKeys);
        // The advertised address is the pod IP, so other silos and gateways can dial it.
        var advertised = pod.Containers[0].Env.Single(e => e.Name == "Silo__AdvertisedAddress");
        Assert.Equal("status.podIP", advertised.ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [InlineData("", "orleans-search-secrets")]
    [InlineData("values-small.yaml", "search-orleans-search-secrets")]
    [InlineData("values-production.yaml", "orleans-search-prod-secrets")]
    public void Secrets_are_referenced_never_inlined(string valuesFile, string secretName)
    {
        var chart = RenderedChart.For(valuesFile);
        var rendered = chart.OfType<V1Secret>().Select(s => s.Metadata.Name).ToList();
        // An existing Secret is referenced, not rendered; a created one is rendered exactly once.
        Assert.Equal(secretName.StartsWith("search-", StringComparison.Ordinal) ? [secretName] : [], rendered);

        static bool IsSecret(string name) =>
            name.Contains("ConnectionString", StringComparison.Ordinal) || name.StartsWith("Auth__Keys", StringComparison.Ordinal);
        foreach (var (deployment, container) in Containers(chart))
        {
            foreach (var variable in container.Env ?? [])
            {
                if (IsSecret(variable.Name))
                {
                    Assert.True(variable.Value is null, $"{deployment.Metadata.Name}: {variable.Name} has an inline value");
                    Assert.Equal(secretName, variable.ValueFrom?.SecretKeyRef?.Name);
                }
            }
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.SecretRef is not null)
                {
                    Assert.Equal(secretName, source.SecretRef.Name);
                }
            }
        }
        // The gateways need the key hashes: they take the whole Secret.
        var gateway = chart.Deployment("gateway").Spec.Template.Spec.Containers[0];
        Assert.Contains(gateway.EnvFrom, s => s.SecretRef?.Name == secretName);
        foreach (var map in chart.OfType<V1ConfigMap>())
        {
            Assert.DoesNotContain(map.Data.Keys, IsSecret);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void The_autoscaler_owns_the_gateway_replica_count(string valuesFile)
    {
        var chart = RenderedChart.For(valuesFile);
        var gateway = chart.Deployment("gateway");
        var autoscaler = chart.OfType<V2HorizontalPodAutoscaler>().SingleOrDefault();
        if (autoscaler is null)
        {
            Assert.NotNull(gateway.Spec.Replicas);
            return;
        }
        Assert.Equal(gateway.Metadata.Name, autoscaler.Spec.ScaleTargetRef.Name);
        Assert.Equal("Deployment", autoscaler.Spec.ScaleTargetRef.Kind);
        // A replicas field would make every `helm upgrade` reset what the HPA chose.
        Assert.Null(gateway.Spec.Replicas);
    }

    [Fact]
    public void The_ingress_routes_only_the_api_to_the_gateway_service()
    {
        var chart = RenderedChart.For("values-production.yaml");
        var ingress = chart.OfType<V1Ingress>().Single();
        var service = chart.OfType<V1Service>().Single(s => s.Metadata.Name == ingress.Spec.Rules[0].Http.Paths[0].Backend.Service.Name);
        var paths = ingress.Spec.Rules.SelectMany(r => r.Http.Paths).ToList();
        Assert.Equal(["/mcp", "/v1"], paths.Select(p => p.Path).Order());
        Assert.All(paths, p => Assert.Contains(service.Spec.Ports, port => port.Name == p.Backend.Service.Port.Name));
    }

    [Fact]
    public void Service_monitors_select_services_with_a_metrics_port_and_label_the_component()
    {
        var chart = RenderedChart.For("values-production.yaml");
        var monitors = chart.CustomResources.Where(r => RenderedChart.Scalar(r, "kind") == "ServiceMonitor").ToList();
        Assert.Equal(2, monitors.Count);
        foreach (var monitor in monitors)
        {
            Assert.Equal("monitoring.coreos.com/v1", RenderedChart.Scalar(monitor, "apiVersion"));
            var matchLabels = ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)monitor["spec"])["selector"])["matchLabels"]).Children
                .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);
            var services = chart.OfType<V1Service>()
                .Where(s => matchLabels.All(l => s.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
            Assert.Single(services);
            var endpoint = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)monitor["spec"])["endpoints"]).Children.Single();
            Assert.Contains(services[0].Spec.Ports, p => p.Name == RenderedChart.Scalar(endpoint, "port"));
            Assert.Equal("/metrics", RenderedChart.Scalar(endpoint, "path"));
            var relabel = (YamlMappingNode)((YamlSequenceNode)endpoint["relabelings"]).Children.Single();
            Assert.Equal("component", RenderedChart.Scalar(relabel, "targetLabel"));
            Assert.Equal(matchLabels["app.kubernetes.io/component"], RenderedChart.Scalar(relabel, "replacement"));
        }
    }

    [Fact]
    public void Kubernetes_hosting_gets_its_labels_environment_and_rights()
    {
        var chart = RenderedChart.For("values-production.yaml");
        var pod = chart.Deployment("silo").Spec.Template;
        Assert.True(pod.Metadata.Labels.ContainsKey("orleans/serviceId"));
        Assert.True(pod.Metadata.Labels.ContainsKey("orleans/clusterId"));
        var env = pod.Spec.Containers[0].Env.Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" }, env);
        var role = chart.OfType<V1Role>().Single();
        Assert.Contains(role.Rules, r => r.Resources.Contains("pods") && r.Verbs.Contains("watch") && r.Verbs.Contains("delete"));
        var binding = chart.OfType<V1RoleBinding>().Single();
        Assert.Equal(pod.Spec.ServiceAccountName, binding.Subjects.Single().Name);
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
    }
}
