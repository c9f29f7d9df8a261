namespace OrleansSearch.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test assembly's folder upwards.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");
    public static string Chart => Path.Combine(Deploy, "helm", "orleans-search");
    public static string Docker => Path.Combine(Deploy, "docker");
    public static string Compose => Path.Combine(Deploy, "compose");
    public static string Prometheus => Path.Combine(Deploy, "monitoring", "prometheus");
    public static string Grafana => Path.Combine(Deploy, "monitoring", "grafana");
    public static string YamlLintConfig => Path.Combine(Deploy, ".yamllint.yaml");
    public static string Tools => Path.Combine(Root, "tests", "Deploy.Tests", "tools");
    public static string Runbook => Path.Combine(Root, "docs", "RUNBOOK.md");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"OrleansSearch.sln not found above {AppContext.BaseDirectory}");
    }
}
