using System.Globalization;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Load.Bench;

/// <summary>One process's resident set size at one moment of a run.</summary>
internal readonly record struct MemorySample(TimeSpan At, string Process, long RssBytes);

/// <summary>
/// Samples the resident set size (VmRSS of /proc/PID/status) of every silo and gateway running, and of the bench
/// itself, at a fixed interval until stopped. Processes started during the run (a replacement) are picked up;
/// exited ones are skipped. PostgreSQL is left out: its memory is shared buffers split over many processes.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly List<MemorySample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MemorySampler(SiloProcessCluster cluster, TimeSpan interval, Func<TimeSpan> clock)
    {
        var stop = _stop.Token;
        _loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var at = clock();
                foreach (var process in cluster.Silos.Concat(cluster.Gateways).Where(process => !process.HasExited))
                {
                    if (Rss(process.Id) is { } rss)
                    {
                        lock (_samples)
                        {
                            _samples.Add(new MemorySample(at, process.Name, rss));
                        }
                    }
                }
                if (Rss(Environment.ProcessId) is { } own)
                {
                    lock (_samples)
                    {
                        _samples.Add(new MemorySample(at, "load generator", own));
                    }
                }
                try
                {
                    await Task.Delay(interval, stop);
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }
        });
    }

    public static MemorySampler Start(SiloProcessCluster cluster, TimeSpan interval, Func<TimeSpan> clock) => new(cluster, interval, clock);

    public async Task<IReadOnlyList<MemorySample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    /// <summary>Releases the stop signal; call after <see cref="StopAsync"/>.</summary>
    public void Dispose() => _stop.Dispose();

    private static long? Rss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:	  123456 kB"
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Exited between the check and the read.
        }
        return null;
    }
}
