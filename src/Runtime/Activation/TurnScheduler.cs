namespace OrleansSearch.Runtime.Activation;

/// <summary>How a turn may overlap with others on the same activation.</summary>
internal enum TurnKind
{
    /// <summary>A read-only method: runs alongside other read-only turns (and anything, on a reentrant grain).</summary>
    ReadOnly,
    /// <summary>A method or timer tick: runs alone, unless the grain is reentrant.</summary>
    Normal,
    /// <summary>Activation and deactivation: run alone even on a reentrant grain, after everything queued before them.</summary>
    Barrier,
}

/// <summary>
/// The turn discipline of one activation: FIFO, one non-read-only turn at a time, read-only turns
/// together. A queued exclusive turn blocks the read-only turns behind it, so writers are not starved.
/// Turns run on the thread pool; no thread is dedicated to an activation.
/// </summary>
internal sealed class TurnScheduler
{
    private readonly Queue<Turn> _queue = new();
    private readonly bool _reentrant;
    private int _sharedRunning;
    private bool _exclusiveRunning;

    public TurnScheduler(bool reentrant) => _reentrant = reentrant;

    /// <summary>Turns queued or running.</summary>
    public int Outstanding { get; private set; }

    public Task RunAsync(Func<Task> work, TurnKind kind)
    {
        var turn = new Turn(this, work, Shares(kind));
        List<Turn>? ready;
        lock (_queue)
        {
            Outstanding++;
            _queue.Enqueue(turn);
            ready = TakeReadyTurns();
        }
        Start(ready);
        return turn.Done.Task;
    }

    private bool Shares(TurnKind kind) => kind == TurnKind.ReadOnly || (kind == TurnKind.Normal && _reentrant);

    private List<Turn>? TakeReadyTurns()
    {
        List<Turn>? ready = null;
        while (_queue.Count > 0 && !_exclusiveRunning)
        {
            var head = _queue.Peek();
            if (head.Shared)
            {
                _sharedRunning++;
            }
            else if (_sharedRunning == 0)
            {
                _exclusiveRunning = true;
            }
            else
            {
                break;
            }
            (ready ??= []).Add(_queue.Dequeue());
        }
        return ready;
    }

    private static void Start(List<Turn>? ready)
    {
        if (ready is null)
        {
            return;
        }
        foreach (var turn in ready)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static turn => _ = turn.ExecuteAsync(), turn, preferLocal: false);
        }
    }

    private void Completed(Turn turn)
    {
        List<Turn>? ready;
        lock (_queue)
        {
            Outstanding--;
            if (turn.Shared)
            {
                _sharedRunning--;
            }
            else
            {
                _exclusiveRunning = false;
            }
            ready = TakeReadyTurns();
        }
        Start(ready);
    }

    private sealed class Turn(TurnScheduler scheduler, Func<Task> work, bool shared)
    {
        public bool Shared { get; } = shared;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ExecuteAsync()
        {
            try
            {
                await work().ConfigureAwait(false);
                Done.TrySetResult();
            }
            catch (Exception exception)
            {
                Done.TrySetException(exception);
            }
            finally
            {
                scheduler.Completed(this);
            }
        }
    }
}
