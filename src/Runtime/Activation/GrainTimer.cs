namespace OrleansSearch.Runtime.Activation;

/// <summary>
/// A timer owned by an activation: each tick is a turn of that activation (so it never overlaps a
/// non-read-only call on a non-reentrant grain), and it stops when the activation deactivates.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _dueTime;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _stopped = new();

    public GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero || (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentOutOfRangeException(nameof(period), $"Timer due time {dueTime} must be ≥ 0 and period {period} > 0 (or infinite for one tick).");
        }
        _activation = activation;
        _callback = callback;
        _dueTime = dueTime;
        _period = period;
    }

    public void Start() => _ = RunAsync(_stopped.Token);

    private async Task RunAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(_dueTime, token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                await _activation.RunTimerTickAsync(_callback, token).ConfigureAwait(false);
                if (_period == Timeout.InfiniteTimeSpan)
                {
                    break;
                }
                await Task.Delay(_period, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed, or the activation went away.
        }
    }

    public void Dispose()
    {
        if (!_stopped.IsCancellationRequested)
        {
            _stopped.Cancel();
            _activation.RemoveTimer(this);
        }
    }
}
