using System.Diagnostics;

namespace OrleansSearch.Cluster.Tests.Configuration;

/// <summary>
/// Issue 10, configuration checks: <c>--validate-config</c> on the silo and the gateway executables validates every
/// section, prints the effective configuration with secrets masked, and exits 0 or 1 — without starting Orleans or
/// Kestrel (the ports given are never opened, and it ends in seconds).
/// </summary>
public sealed class ValidateConfigTests(ITestOutputHelper output)
{
    // Made up per run: the test proves these never reach the output, and no credential-like literal sits in the repo.
    private static readonly string DatabasePassword = "db-" + Guid.NewGuid().ToString("N");
    private static readonly string RedisPassword = "cache-" + Guid.NewGuid().ToString("N");
    private static readonly string ApiKey = "key-" + Guid.NewGuid().ToString("N");

    private static readonly string KeyHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)));

    [Fact]
    public async Task Valid_silo_configuration_exits_0_and_prints_it_with_secrets_masked()
    {
        var (exit, text) = await RunAsync(BuiltApp.SiloDll,
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString=Host=127.0.0.1;Username=orleans;Password={DatabasePassword};Database=orleans",
            "--Storage:CacheProvider=Redis", $"--Storage:RedisConnectionString=127.0.0.1:6379,password={RedisPassword},ssl=false",
            $"--Auth:Keys:0:Sha256={KeyHash}", "--Auth:Keys:0:Admin=true", "--Silo:Port=11199", "--Membership:ProbeTimeout=00:00:02");
        Assert.True(exit == 0, text);
        Assert.Contains("Configuration is valid.", text, StringComparison.Ordinal);
        Assert.Contains("\"ProbeTimeout\": \"00:00:02\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Port\": 11199", text, StringComparison.Ordinal);
        Assert.Contains("password=***", text, StringComparison.Ordinal);
        AssertNoSecret(text);
    }

    [Fact]
    public async Task Invalid_silo_configuration_exits_1_naming_the_setting_and_the_value()
    {
        var (exit, text) = await RunAsync(BuiltApp.SiloDll, "--Silo:ListenAddress=not-an-ip", "--Shards:MaxBatchSize=0", "--Membership:NumMissedProbesLimit=many");
        Assert.True(exit == 1, text);
        Assert.Contains("Silo:ListenAddress is 'not-an-ip'", text, StringComparison.Ordinal);
        Assert.Contains("Shards:MaxBatchSize is 0", text, StringComparison.Ordinal);
        Assert.Contains("'many' at 'Membership:NumMissedProbesLimit'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_cluster_gateway_configuration_exits_0_and_prints_it_with_secrets_masked()
    {
        var (exit, text) = await RunAsync(BuiltApp.GatewayDll,
            "--Gateway:Mode=Cluster", "--Storage:Provider=Postgres", $"--Storage:ConnectionString=Host=db;Username=orleans;Pwd={DatabasePassword};Database=orleans",
            "--Storage:CacheProvider=Redis", $"--Storage:RedisConnectionString=cache:6379,password={RedisPassword}",
            "--Auth:Keys:0:ClientId=alice", $"--Auth:Keys:0:Sha256={KeyHash}", "--Auth:Keys:0:Read:0=*", "--Limits:MaxTopK=50");
        Assert.True(exit == 0, text);
        Assert.Contains("Configuration is valid.", text, StringComparison.Ordinal);
        Assert.Contains("\"MaxTopK\": 50", text, StringComparison.Ordinal);
        Assert.Contains("\"ClientId\": \"alice\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Sha256\": \"***\"", text, StringComparison.Ordinal);
        AssertNoSecret(text);
    }

    [Fact]
    public async Task Invalid_gateway_configuration_exits_1_naming_the_setting_and_the_value()
    {
        var (exit, text) = await RunAsync(BuiltApp.GatewayDll,
            "--Gateway:Mode=Clustered", "--Limits:MaxTopK=0", "--Mcp:AllowedOrigins:0=https://example.org/path", "--Auth:Keys:0:ClientId=bob", "--Auth:Keys:0:Sha256=abc");
        Assert.True(exit == 1, text);
        Assert.Contains("Gateway:Mode is 'Clustered'", text, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxTopK is 0", text, StringComparison.Ordinal);
        Assert.Contains("Mcp:AllowedOrigins contains 'https://example.org/path'", text, StringComparison.Ordinal);
        Assert.Contains("the key of client 'bob' must be given as Sha256", text, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string text)
    {
        foreach (string secret in new[] { DatabasePassword, RedisPassword, ApiKey, KeyHash })
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' was printed:\n{text}");
        }
    }

    /// <summary>Runs <c>dotnet dll --validate-config args…</c> in an empty folder; returns the exit code and stdout + stderr.</summary>
    private async Task<(int Exit, string Text)> RunAsync(string dll, params string[] args)
    {
        string folder = Directory.CreateTempSubdirectory("validate-config-").FullName;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--validate-config");
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} --validate-config still ran after 60 s: it must not start the host.");
        }
        string text = await stdout + await stderr;
        output.WriteLine($"{Path.GetFileName(dll)} exit {process.ExitCode}:\n{text}");
        // Nothing started: no data folder, no SQLite file in the working directory.
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Directory.Delete(folder);
        return (process.ExitCode, text);
    }
}
