using System.Diagnostics;
using System.Net.Sockets;

namespace OrleansSearch.Runtime.Tests.MultiProcess;

/// <summary>
/// One <c>src/Silo</c> executable started as its own process, configured on the command line, its
/// output kept for failure messages. Disposing kills it if it is still running.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private SiloProcess(string name, int port, int httpPort, IEnumerable<string> settings)
    {
        Name = name;
        Port = port;
        HttpPort = httpPort;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloAssemblyPath());
        foreach (string setting in settings.Concat([$"--Silo:SiloName={name}", $"--Silo:Port={port}", $"--Urls=http://127.0.0.1:{httpPort}"]))
        {
            start.ArgumentList.Add(setting);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Port { get; }
    public int HttpPort { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start(string name, IEnumerable<string> settings) => new(name, FreePort(), FreePort(), settings);

    /// <summary>Waits until <c>/health/ready</c> answers 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo process {Name} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Silo process {Name} was not ready within {timeout}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process dies with no chance to say goodbye.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a supervisor stopping the silo would send.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string SiloAssemblyPath()
    {
        // The test project references src/Silo, so the silo was built with the same configuration.
        string testOutput = AppContext.BaseDirectory;
        string configuration = new DirectoryInfo(testOutput).Parent!.Name;
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OrleansSearch.sln")))
        {
            root = root.Parent;
        }
        string path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Cannot find the repository root above " + testOutput),
            "src", "Silo", "bin", configuration, "net10.0", "OrleansSearch.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The silo executable is not built; build the solution first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
