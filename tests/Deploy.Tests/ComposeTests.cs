using System.Text.Json;
using OrleansSearch.Deploy.Tests.Infrastructure;

namespace OrleansSearch.Deploy.Tests;

/// <summary>
/// The compose file, without Docker: parsed (anchors and merge keys resolved) and validated against
/// the Compose Specification schema by tools/scripts/validate-compose.js, then asserted on.
/// </summary>
public sealed class ComposeTests
{
    private static readonly Lazy<JsonDocument> Compose = new(() =>
    {
        var result = ToolRunner.Run(DeployTools.Node, [DeployTools.Script("validate-compose.js"), Path.Combine(RepoPaths.Compose, "compose.yaml")])
            .EnsureSuccess();
        return JsonDocument.Parse(result.StandardOutput);
    });

    private static JsonElement Services => Compose.Value.RootElement.GetProperty("services");

    private static IEnumerable<(string Name, JsonElement Service)> ServicesNamed(string prefix) =>
        Services.EnumerateObject().Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(s => (s.Name, s.Value));

    [Fact]
    public void Is_valid_against_the_compose_schema_and_passes_yamllint()
    {
        Assert.Equal(JsonValueKind.Object, Services.ValueKind);
        ToolRunner.Run(ToolRunner.Require("yamllint"), ["--strict", "-c", RepoPaths.YamlLintConfig, RepoPaths.Compose]).EnsureSuccess();
    }

    [Fact]
    public void Runs_postgres_redis_three_silos_two_gateways_nginx_and_prometheus()
    {
        var names = Services.EnumerateObject().Select(s => s.Name).Order().ToList();
        Assert.Equal(["gateway-1", "gateway-2", "nginx", "postgres", "prometheus", "redis", "silo-1", "silo-2", "silo-3"], names);
    }

    [Fact]
    public void Silos_advertise_their_own_address_and_get_time_to_drain()
    {
        var addresses = new HashSet<string>();
        foreach (var (name, silo) in ServicesNamed("silo-"))
        {
            var environment = silo.GetProperty("environment");
            string advertised = environment.GetProperty("Silo__AdvertisedAddress").GetString()!;
            Assert.True(addresses.Add(advertised), $"{name} shares its address");
            Assert.Equal(advertised, silo.GetProperty("networks").GetProperty("backend").GetProperty("ipv4_address").GetString());
            Assert.Equal(name, environment.GetProperty("Silo__Name").GetString());
            Assert.Equal("60s", silo.GetProperty("stop_grace_period").GetString());
            Assert.Equal("deploy/docker/silo.Dockerfile", silo.GetProperty("build").GetProperty("dockerfile").GetString());
        }
        Assert.Equal(3, addresses.Count);
    }

    [Fact]
    public void Our_containers_are_read_only_and_hold_no_secret()
    {
        foreach (var (name, service) in ServicesNamed("silo-").Concat(ServicesNamed("gateway-")))
        {
            Assert.True(service.GetProperty("read_only").GetBoolean(), name);
            Assert.Contains("/tmp", service.GetProperty("tmpfs").EnumerateArray().Select(t => t.GetString()));
            foreach (var variable in service.GetProperty("environment").EnumerateObject())
            {
                bool secret = variable.Name.EndsWith("ConnectionString", StringComparison.Ordinal) && variable.Name != "Storage__RedisConnectionString"
                    || variable.Name.EndsWith("__Sha256", StringComparison.Ordinal);
                if (secret)
                {
                    Assert.Contains("${", variable.Value.GetString(), StringComparison.Ordinal);
                }
            }
        }
        Assert.True(ServicesNamed("gateway-").All(g => g.Service.GetProperty("environment").TryGetProperty("Auth__Keys__0__Sha256", out _)),
            "a gateway listening on 0.0.0.0 needs a key hash or it exits with code 2");
    }

    [Fact]
    public void Only_nginx_and_prometheus_publish_ports_and_only_on_loopback()
    {
        var published = Services.EnumerateObject().Where(s => s.Value.TryGetProperty("ports", out _)).ToList();
        Assert.Equal(["nginx", "prometheus"], published.Select(s => s.Name).Order());
        Assert.All(published.SelectMany(s => s.Value.GetProperty("ports").EnumerateArray()),
            port => Assert.StartsWith("127.0.0.1:", port.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Nginx_balances_by_least_connections_over_both_gateways_and_hides_metrics()
    {
        string config = File.ReadAllText(Path.Combine(RepoPaths.Compose, "nginx", "nginx.conf"));
        Assert.Contains("least_conn;", config, StringComparison.Ordinal);
        foreach (var (name, _) in ServicesNamed("gateway-"))
        {
            Assert.Contains($"server {name}:8080", config, StringComparison.Ordinal);
        }
        Assert.Matches(@"location = /metrics \{\s*return 404;", config);
        Assert.Contains("proxy_read_timeout", config, StringComparison.Ordinal);
        Assert.Contains("proxy_connect_timeout", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_scrapes_every_silo_and_gateway_with_its_component_label()
    {
        string config = File.ReadAllText(Path.Combine(RepoPaths.Compose, "prometheus", "prometheus.yml"));
        foreach (var (name, _) in ServicesNamed("silo-"))
        {
            Assert.Contains($"\"{name}:8081\"", config, StringComparison.Ordinal);
        }
        foreach (var (name, _) in ServicesNamed("gateway-"))
        {
            Assert.Contains($"\"{name}:8080\"", config, StringComparison.Ordinal);
        }
        Assert.Contains("component: silo", config, StringComparison.Ordinal);
        Assert.Contains("component: gateway", config, StringComparison.Ordinal);
        // The expected silo count in the rules matches the compose file.
        Assert.Contains("expr: vector(3)", File.ReadAllText(Path.Combine(RepoPaths.Prometheus, "rules.yaml")), StringComparison.Ordinal);
    }
}
