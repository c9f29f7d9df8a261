using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// How far the sample corpus load is, for the progress log lines, <c>/health/ready</c> and the banner: done/total,
/// the rate since the load began and the time left at that rate. Written by <see cref="SampleCorpusLoader"/> only.
/// </summary>
internal sealed class SampleCorpusProgress
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private SampleCorpusState _state = SampleCorpusState.NotLoading;
    private int _total;
    private int _done;
    private int _doneAtStart;
    private long _startedAt;

    public SampleCorpusProgress()
        : this(TimeProvider.System)
    {
    }

    public SampleCorpusProgress(TimeProvider time) => _time = time;

    public SampleCorpusState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The load begins with <paramref name="done"/> of <paramref name="total"/> documents already in (a resumed load).</summary>
    public void Begin(int done, int total)
    {
        lock (_gate)
        {
            (_state, _done, _doneAtStart, _total, _startedAt) = (SampleCorpusState.Loading, done, done, total, _time.GetTimestamp());
        }
    }

    public void Advance(int done)
    {
        lock (_gate)
        {
            _done = done;
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _state = SampleCorpusState.Complete;
        }
    }

    public void Fail()
    {
        lock (_gate)
        {
            _state = SampleCorpusState.Failed;
        }
    }

    /// <summary>What the progress log line shows: <see cref="Describe"/>.</summary>
    public override string ToString() => Describe();

    /// <summary>"12000/25490 documents (47%), 800 documents/s, about 17 s left" (no rate or estimate before the first batch).</summary>
    public string Describe()
    {
        lock (_gate)
        {
            double percent = _total == 0 ? 100 : 100.0 * _done / _total;
            double seconds = _time.GetElapsedTime(_startedAt).TotalSeconds;
            int written = _done - _doneAtStart;
            string text = string.Create(CultureInfo.InvariantCulture, $"{_done}/{_total} documents ({Math.Floor(percent):0}%)");
            if (written <= 0 || seconds <= 0)
            {
                return text;
            }
            double rate = written / seconds;
            return string.Create(CultureInfo.InvariantCulture, $"{text}, {rate:0} documents/s, about {Math.Ceiling((_total - _done) / rate):0} s left");
        }
    }
}

internal enum SampleCorpusState
{
    /// <summary>Not loading: cluster mode, loading turned off, or not begun yet.</summary>
    NotLoading,
    Loading,
    Complete,
    Failed,
}

/// <summary>
/// Readiness while the bundled catalog loads: Degraded, saying so with the progress, because searches on
/// <c>debian-packages</c> answer from a partial index (a query's total grows as batches land) until it is complete.
/// </summary>
internal sealed class SampleCorpusReadinessCheck(SampleCorpusProgress progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(progress.State switch
    {
        SampleCorpusState.Loading => HealthCheckResult.Degraded($"sample index {SampleCorpusLoader.IndexName} is loading: {progress.Describe()}"),
        SampleCorpusState.Failed => HealthCheckResult.Degraded($"sample index {SampleCorpusLoader.IndexName} failed to load; see the log"),
        SampleCorpusState.Complete => HealthCheckResult.Healthy($"sample index {SampleCorpusLoader.IndexName} is complete"),
        _ => HealthCheckResult.Healthy("no sample index is loading"),
    });
}
