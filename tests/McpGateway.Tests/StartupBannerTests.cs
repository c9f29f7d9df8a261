using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.McpGateway.Tests;

/// <summary>Issue 11, defect 13: the stdio configuration the banner prints reaches the same cluster as the running gateway.</summary>
public sealed class StartupBannerTests
{
    private static List<string> Args(Dictionary<string, string?> settings, out JsonElement server)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var json = JsonDocument.Parse(StartupBanner.StdioConfiguration(configuration, "/app/OrleansSearch.McpGateway.dll")).RootElement;
        server = json.GetProperty("mcpServers").GetProperty("orleans-search");
        Assert.Equal("dotnet", server.GetProperty("command").GetString());
        return server.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()!).ToList();
    }

    [Fact]
    public void Embedded_mode_needs_only_stdio()
    {
        Assert.Equal(["/app/OrleansSearch.McpGateway.dll", "--stdio"], Args([], out _));
    }

    [Fact]
    public void Cluster_mode_with_fixed_gateways_passes_them_on()
    {
        var args = Args(new() { ["Gateway:Mode"] = "Cluster", ["Cluster:Gateways:0"] = "10.0.0.5:30000", ["Cluster:Gateways:1"] = "10.0.0.6:30000", ["Silo:ClusterId"] = "prod" }, out _);

        Assert.Equal(["/app/OrleansSearch.McpGateway.dll", "--stdio", "--Gateway:Mode=Cluster", "--Silo:ClusterId=prod", "--Cluster:Gateways:0=10.0.0.5:30000", "--Cluster:Gateways:1=10.0.0.6:30000"], args);
    }

    [Fact]
    public void Cluster_mode_on_postgres_names_the_provider_but_never_prints_the_password()
    {
        var args = Args(new() { ["Gateway:Mode"] = "Cluster", ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = "Host=db;Password=secret" }, out var server);

        Assert.Contains("--Gateway:Mode=Cluster", args);
        Assert.Contains("--Storage:Provider=Postgres", args);
        Assert.True(server.GetProperty("env").TryGetProperty("Storage__ConnectionString", out _));
        Assert.DoesNotContain("secret", server.GetRawText(), StringComparison.Ordinal);
    }
}
