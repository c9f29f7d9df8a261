using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansSearch.Tests.Support;

/// <summary>
/// A throwaway redis-server (Debian package <c>redis-server</c>): a free loopback port, a temp working
/// directory, no persistence (<c>--save ""</c>, <c>--appendonly no</c>), so nothing outlives the test.
/// Dispose kills the process and deletes the folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable, IDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _root;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private RedisServer(Process process, DirectoryInfo root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a server and waits until it answers PING; throws with its output if it cannot.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        string executable = FindExecutable();
        DirectoryInfo root = Directory.CreateTempSubdirectory("orleanssearch-redis-");
        for (int attempt = 1; ; attempt++)
        {
            // The port is free when probed but may be taken before the server binds it: retry on another.
            int port = FreeLoopbackPort();
            var server = new RedisServer(StartProcess(executable, root, port), root, port);
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                server.KillProcess();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        KillProcess();
        _root.Delete(recursive: true);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static Process StartProcess(string executable, DirectoryInfo root, int port)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root.FullName,
        };
        foreach (string argument in (string[])[
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", root.FullName,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--logfile", ""])
        {
            startInfo.ArgumentList.Add(argument);
        }
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + ReadyDeadline;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{Output()}");
            }
            if (await AnswersPingAsync(cancellationToken))
            {
                return;
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port.ToString(CultureInfo.InvariantCulture)} within {ReadyDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{Output()}");
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            NetworkStream stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            int read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void KillProcess()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private static string FindExecutable()
    {
        foreach (string candidate in (string[])["/usr/bin/redis-server", "/usr/local/bin/redis-server"])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("redis-server was not found in /usr/bin or /usr/local/bin. Install it with: apt-get install redis-server (scripts/test.sh does this when run as root).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
