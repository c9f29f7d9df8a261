using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrleansSearch.Tests.Support.Processes;

/// <summary>
/// One of our executables running as its own OS process (<c>dotnet &lt;dll&gt; --Key=Value ...</c>), with its
/// stdout and stderr captured to a log file whose tail goes into every failure message. <see cref="Kill"/> is
/// SIGKILL, a real crash; <see cref="StopGracefullyAsync"/> is SIGTERM, what a container runtime sends.
/// Dispose kills whatever still runs, so a failed test leaves no process behind.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private const int LogTailLines = 60;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private AppProcess(string name, Process process, string logPath, StreamWriter log, Uri httpAddress)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = log;
        HttpAddress = httpAddress;
    }

    /// <summary>What tests and failure messages call it: the silo name, or "gateway", "gateway-1", ….</summary>
    public string Name { get; }

    /// <summary>Its HTTP endpoint (health, metrics, dashboard or the REST API).</summary>
    public Uri HttpAddress { get; }

    /// <summary>stdout and stderr of the process, interleaved as they arrived.</summary>
    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> with <paramref name="settings"/> as <c>--Key=Value</c> arguments.</summary>
    /// <param name="environment">Variables to set besides the settings (e.g. the standard <c>OTEL_*</c> ones).</param>
    /// <param name="terminal">
    /// Run it under <c>script(1)</c>, whose pseudo-terminal becomes its stdout, as when a person starts it in a shell;
    /// otherwise its output is redirected, as in a container.
    /// </param>
    public static AppProcess Start(string name, string dll, Uri httpAddress, IReadOnlyDictionary<string, string?> settings, string logDirectory,
        IReadOnlyDictionary<string, string>? environment = null, bool terminal = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(logDirectory);
        var arguments = new List<string> { dll };
        foreach (var (key, value) in settings)
        {
            arguments.Add($"--{key}={value}");
        }
        var startInfo = new ProcessStartInfo(terminal ? "script" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Relative paths in settings (none expected) resolve against the run's log folder, not the test runner's.
            WorkingDirectory = logDirectory,
        };
        if (terminal)
        {
            // -q: no banner; -f: flush as it comes; -e: its exit code; -c: the command; /dev/null: no typescript file.
            foreach (string argument in (string[])["-qfec", "dotnet " + string.Join(' ', arguments.Select(ShellQuoted)), "/dev/null"])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            foreach (string argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        // The environment of a test runner (ASPNETCORE_URLS, a DOTNET_ENVIRONMENT) must not decide anything here.
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[variable] = value;
        }

        string logPath = Path.Combine(logDirectory, $"{SafeFileName(name)}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var app = new AppProcess(name, process, logPath, log, httpAddress);
        process.OutputDataReceived += (_, e) => app.Append(e.Data, app._outputClosed);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data, app._errorClosed);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Best effort for a host that exits normally without disposing. A host killed by a signal or by an unhandled
        // exception does not run this: hosts that can be interrupted handle the signal and dispose (bench/Failover).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Dispose();
        return app;
    }

    /// <summary>
    /// Polls <paramref name="path"/> (e.g. <c>/health/ready</c>) until it answers 200. Fails early, with the log,
    /// when the process exits; and at <paramref name="deadline"/>, which should be generous: a silo start on a
    /// loaded two-core machine took up to 47 s.
    /// </summary>
    public async Task WaitUntilHealthyAsync(string path, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        HttpStatusCode? last = null;
        string lastError = "no answer yet";
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {ExitCodeText()} before {path} answered 200.\n{LogTail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                last = response.StatusCode;
                lastError = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lastError = e.Message;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        throw new TimeoutException($"{Name}: {path} did not answer 200 within {deadline.TotalSeconds:0} s (last: {(last is null ? "" : (int)last + " ")}{lastError}).\n{LogTail()}");
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or flush anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the exit: returns the exit code (0 is a clean shutdown).</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan deadline)
    {
        // .NET has no API to send SIGTERM to another process; kill(1) does it without unsafe interop.
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {deadline.TotalSeconds:0} s of SIGTERM.\n{LogTail()}");
        }
        // Exit is seen once the streams are drained too, so the log holds the last lines.
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail()
    {
        string[] lines;
        lock (_logLock)
        {
            _log.Flush();
            using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(reader);
            lines = text.ReadToEnd().Split('\n');
        }
        return $"--- last lines of {LogPath} ---\n{string.Join('\n', lines.TakeLast(LogTailLines))}";
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (_logLock)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _log.WriteLine(line);
            }
        }
    }

    private string ExitCodeText() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";

    /// <summary>One shell word: single quotes, with any single quote in it closed, escaped and reopened.</summary>
    private static string ShellQuoted(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string SafeFileName(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
