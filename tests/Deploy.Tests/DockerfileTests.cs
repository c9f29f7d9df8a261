using System.Text.Json;
using OrleansSearch.Deploy.Tests.Infrastructure;

namespace OrleansSearch.Deploy.Tests;

/// <summary>The Dockerfiles: dockerfile-utils' lint, then what our images promise.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string> FinalStages => new()
    {
        { "silo.Dockerfile", "silo" },
        { "gateway.Dockerfile", "gateway" },
        { "gateway.Dockerfile", "embedded" },
    };

    [Theory]
    [InlineData("silo.Dockerfile")]
    [InlineData("gateway.Dockerfile")]
    public void Lint_finds_no_problem(string name)
    {
        string cli = Path.Combine(DeployTools.NodeModules, "dockerfile-utils", "bin", "dockerfile-utils");
        var result = ToolRunner.Run(DeployTools.Node, [cli, "lint", "--json", Path.Combine(RepoPaths.Docker, name)]).EnsureSuccess();
        // --json prints every diagnostic (errors and warnings) as one array.
        using var diagnostics = JsonDocument.Parse(result.StandardOutput);
        Assert.True(diagnostics.RootElement.GetArrayLength() == 0, $"{name}: {result.StandardOutput}");
    }

    [Theory]
    [InlineData("silo.Dockerfile", "src/Silo/Silo.csproj", "OrleansSearch.Silo.dll")]
    [InlineData("gateway.Dockerfile", "src/McpGateway/McpGateway.csproj", "OrleansSearch.McpGateway.dll")]
    public void Builds_with_the_sdk_and_runs_on_aspnet_without_trimming(string name, string project, string dll)
    {
        var dockerfile = Dockerfile.Load(name);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}", dockerfile.Stages["build"].BaseImage);
        Assert.Contains("ARG DOTNET_VERSION=10.0", dockerfile.Text, StringComparison.Ordinal);
        string publish = dockerfile.Stages["build"].Instructions.Single(i => i.Instruction == "RUN").Arguments;
        Assert.Contains($"dotnet publish {project} -c Release", publish, StringComparison.Ordinal);
        Assert.Contains("-p:PublishTrimmed=false", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("PublishTrimmed=true", dockerfile.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{dll}\"]", dockerfile.Text, StringComparison.Ordinal);
        // Each project must exist, or the image build fails late.
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, project)), project);
    }

    [Theory]
    [MemberData(nameof(FinalStages))]
    public void Final_stages_run_as_a_numeric_non_root_user_with_a_health_check_and_labels(string name, string stage)
    {
        var dockerfile = Dockerfile.Load(name);
        var final = dockerfile.Stages[stage];
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}", final.BaseImage);
        Assert.Matches(@"^[1-9][0-9]*(:[0-9]+)?$", final.User ?? "");
        Assert.Contains("/health/live", final.HealthCheck, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.title", dockerfile.Text, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.revision", dockerfile.Text, StringComparison.Ordinal);
        // The health check dials the port of Urls (so it follows an override), and the image's
        // default Urls port is EXPOSEd.
        string urls = dockerfile.Stages[stage].Instructions.Where(i => i.Instruction == "ENV").Select(i => i.Arguments)
            .Last(a => a.Contains("Urls=", StringComparison.Ordinal));
        string port = System.Text.RegularExpressions.Regex.Match(urls, @"Urls=http://0\.0\.0\.0:(\d+)").Groups[1].Value;
        Assert.Contains("read -r _ _ port <<< \\\"$Urls\\\"", final.HealthCheck, StringComparison.Ordinal);
        Assert.Contains("/dev/tcp/127.0.0.1/$port", final.HealthCheck, StringComparison.Ordinal);
        Assert.Contains(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), final.Exposed);
    }

    [Fact]
    public void The_embedded_target_keeps_its_data_in_a_volume()
    {
        var dockerfile = Dockerfile.Load("gateway.Dockerfile");
        var embedded = dockerfile.Stages["embedded"];
        Assert.Contains(embedded.Instructions, i => i.Instruction == "VOLUME" && i.Arguments.Contains("/data", StringComparison.Ordinal));
        string env = string.Join(' ', embedded.Instructions.Where(i => i.Instruction == "ENV").Select(i => i.Arguments));
        Assert.Contains("Gateway__Mode=Embedded", env, StringComparison.Ordinal);
        Assert.Contains("Gateway__DataDirectory=/data", env, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_data_and_git()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "**/data/", ".git/" }, ignored);
    }
}
