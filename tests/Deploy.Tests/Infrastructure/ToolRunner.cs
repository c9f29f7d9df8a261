using System.Diagnostics;
using System.Text;

namespace OrleansSearch.Deploy.Tests.Infrastructure;

/// <summary>The outcome of one tool run: exit code and both output streams.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() =>
        $"`{Command}` exited with {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    /// <summary>Fails the test with the tool's own output unless it exited with 0.</summary>
    public ToolResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, Describe());
        return this;
    }
}

/// <summary>Runs the real tools (helm, yamllint, promtool, node) as child processes.</summary>
internal static class ToolRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static ToolResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        string? standardInput = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        string command = fileName + " " + string.Join(' ', start.ArgumentList);

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start `{fileName}` ({e.Message}). {InstallHint(fileName)}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout ?? DefaultTimeout}");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return new ToolResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The full path of a program on PATH; a missing tool fails the test with how to install it.</summary>
    public static string Require(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"`{program}` is not on PATH. {InstallHint(program)}");
    }

    private static string InstallHint(string program) => Path.GetFileName(program) switch
    {
        "yamllint" => "Install it with `apt-get install yamllint` (scripts/test.sh does).",
        "promtool" => "Install it with `apt-get install prometheus` (scripts/test.sh does).",
        "unzip" => "Install it with `apt-get install unzip` (scripts/test.sh does).",
        "node" or "npm" => "Install Node.js and npm (Debian: `apt-get install nodejs npm`).",
        _ => "See scripts/test.sh for the tools the tests need.",
    };
}
