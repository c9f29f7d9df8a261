using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace OrleansSearch.Cluster.Tests.Load;

/// <summary>
/// Writers and readers against one index through the gateway, as a client would: a writer gives each document
/// a new id and retries it on 503 (writes are idempotent by id) until acknowledged; readers search and read
/// back acknowledged documents. Every outcome is counted — acknowledged ids, retriable 503s, anything else — so
/// a test can say afterwards what was lost and what failed.
/// </summary>
internal sealed class WriteReadLoad : IAsyncDisposable
{
    // Paced, not flat out: six loops hammering a two-core machine would starve the silos into missing probes,
    // and a test of failover would turn into a test of overload.
    private static readonly TimeSpan WritePace = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReadPace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;
    private readonly string _index;
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly ConcurrentQueue<string> _otherErrors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _retriable;

    public WriteReadLoad(HttpClient http, string index)
    {
        _http = http;
        _index = index;
    }

    public int Acknowledged => _acknowledged.Count;

    public IReadOnlyCollection<string> AcknowledgedIds => _acknowledged;

    /// <summary>503 answers (the cluster moving grains, a silo gone): the client retries them.</summary>
    public int Retriable503 => Volatile.Read(ref _retriable);

    /// <summary>Every other failure, described: status and body, or the exception.</summary>
    public IReadOnlyCollection<string> OtherErrors => _otherErrors;

    public void Start(int writers, int readers)
    {
        for (int w = 0; w < writers; w++)
        {
            string prefix = $"w{w}-";
            _loops.Add(Task.Run(() => WriterAsync(prefix, _stop.Token)));
        }
        for (int r = 0; r < readers; r++)
        {
            int seed = r;
            _loops.Add(Task.Run(() => ReaderAsync(new Random(seed), _stop.Token)));
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> writes are acknowledged in all; fails at the deadline with what happened.</summary>
    public async Task WaitForAcknowledgedAsync(int count, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (Acknowledged < count)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Only {Acknowledged} of {count} writes acknowledged within {deadline.TotalSeconds:0} s; {Retriable503} retriable 503s; other errors: {Describe(OtherErrors)}");
            }
            if (_loops.FirstOrDefault(loop => loop.IsFaulted) is { } faulted)
            {
                await faulted;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }

    public static string Describe(IReadOnlyCollection<string> errors) =>
        errors.Count == 0 ? "none" : $"{errors.Count}, first: {string.Join(" | ", errors.Take(5))}";

    private async Task WriterAsync(string prefix, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            string id = prefix + n;
            // One id until acknowledged: a 503 may hide a write that was stored, and retrying it is safe.
            while (!stop.IsCancellationRequested && !await TryWriteAsync(id, stop))
            {
                await Delay(RetryBackoff, stop);
            }
            await Delay(WritePace, stop);
        }
    }

    private async Task<bool> TryWriteAsync(string id, CancellationToken stop)
    {
        try
        {
            using var response = await GatewayApi.WriteAsync(_http, _index, id);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _retriable);
                return false;
            }
            var body = await GatewayApi.ReadJsonAsync(response);
            if (response.StatusCode == HttpStatusCode.OK && body.GetProperty("results")[0].GetProperty("ok").GetBoolean())
            {
                _acknowledged.Enqueue(id);
                return true;
            }
            _otherErrors.Enqueue($"write {id}: HTTP {(int)response.StatusCode} {body}");
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            if (!stop.IsCancellationRequested)
            {
                _otherErrors.Enqueue($"write {id}: {e.GetType().Name} {e.Message}");
            }
            return false;
        }
    }

    private async Task ReaderAsync(Random random, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            string[] known = [.. _acknowledged];
            bool search = n % 2 == 0 || known.Length == 0;
            string what = search ? "search" : $"get {known[random.Next(known.Length)]}";
            try
            {
                using var response = search
                    ? await GatewayApi.SearchAllAsync(_http, _index, allowPartial: true)
                    : await GatewayApi.GetDocumentAsync(_http, _index, what[4..]);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _retriable);
                }
                else if (response.StatusCode != HttpStatusCode.OK)
                {
                    // A 404 for an acknowledged document is a lost write as seen by a reader.
                    _otherErrors.Enqueue($"{what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    _otherErrors.Enqueue($"{what}: {e.GetType().Name} {e.Message}");
                }
            }
            await Delay(ReadPace, stop);
        }
    }

    private static async Task Delay(TimeSpan pace, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pace, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends it.
        }
    }
}
