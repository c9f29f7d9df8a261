using OrleansSearch.Runtime.Invocation;

namespace OrleansSearch.Runtime.Activation;

internal enum ActivationState
{
    Activating,
    Valid,
    Deactivating,
    Gone,
}

/// <summary>
/// One live instance of a grain on this silo: its grain object, its turn scheduler, its timers and its
/// lifecycle. Activation and deactivation are barrier turns, so requests that arrive while the grain is
/// activating wait in the queue, and those queued before a deactivation still run (the queue drains).
/// </summary>
internal sealed class GrainActivation
{
    private readonly Catalog _catalog;
    private readonly List<GrainTimer> _timers = [];
    private readonly List<IStateLoader> _states = [];
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ActivationState _state = ActivationState.Activating;
    private Exception? _activationFailure;
    private long _lastUsedTicks = Environment.TickCount64;

    public GrainActivation(GrainId grainId, GrainClassDescriptor descriptor, Catalog catalog)
    {
        GrainId = grainId;
        Descriptor = descriptor;
        _catalog = catalog;
        Scheduler = new TurnScheduler(descriptor.IsReentrant);
    }

    public GrainId GrainId { get; }
    public GrainClassDescriptor Descriptor { get; }
    public TurnScheduler Scheduler { get; }
    public ActivationState State => _state;
    public Grain? Instance { get; private set; }
    public IGrainFactory GrainFactory => _catalog.GrainFactory;
    public string SiloName => _catalog.SiloName;

    /// <summary>Completes when the activation is gone (deactivated, failed or abandoned).</summary>
    public Task Gone => _gone.Task;

    public TimeSpan IdleTime => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsedTicks));

    /// <summary>Queues the activation turn: build the grain, read its persisted states, run OnActivateAsync.</summary>
    public void Start()
    {
        _ = Scheduler.RunAsync(async () =>
        {
            try
            {
                Instance = _catalog.CreateGrain(this, _states);
                Instance.Attach(this);
                using var timeout = new CancellationTokenSource(_catalog.CallTimeout);
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(timeout.Token).ConfigureAwait(false);
                }
                CallContext.Current = new CallContext([GrainId.ToString()], DeadlineAfter(_catalog.CallTimeout));
                await Instance.OnActivateAsync(timeout.Token).ConfigureAwait(false);
                _state = ActivationState.Valid;
            }
            catch (Exception exception)
            {
                _activationFailure = exception;
                _catalog.LogActivationFailed(GrainId, exception);
                Finish();
            }
        }, TurnKind.Barrier);
    }

    /// <summary>Runs a request as a turn and returns the method's boxed result.</summary>
    public async Task<object?> InvokeAsync(GrainMethodDescriptor method, object?[] arguments, string[] callerChain, long deadlineUnixMs, CancellationToken cancellationToken)
    {
        object? result = null;
        await Scheduler.RunAsync(async () =>
        {
            ThrowIfNotServing();
            Touch();
            CallContext.Current = new CallContext(CallContext.Extend(callerChain, GrainId), deadlineUnixMs);
            // A method that takes a token gets one that also fires at the call's deadline.
            using var deadline = method.CancellationTokenIndex < 0 ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline?.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, deadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
            try
            {
                result = await method.InvokeAsync(Instance!, method.InvocationArguments(arguments, deadline?.Token ?? cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                // Decided by which token fired, not by the clock: the timer may fire a millisecond before
                // the wall clock reaches the deadline.
                throw new GrainCallTimeoutException($"{method.Name} on grain {GrainId} ran past its deadline and was cancelled.");
            }
            finally
            {
                Touch();
            }
        }, method.IsReadOnly ? TurnKind.ReadOnly : TurnKind.Normal).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs a timer tick as a normal turn; ticks do not count as use (a timer alone keeps no grain alive).</summary>
    public Task RunTimerTickAsync(Func<CancellationToken, Task> callback, CancellationToken cancellationToken)
        => Scheduler.RunAsync(async () =>
        {
            if (_state != ActivationState.Valid || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            CallContext.Current = new CallContext([GrainId.ToString()], DeadlineAfter(_catalog.CallTimeout));
            try
            {
                await callback(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _catalog.LogTimerFailed(GrainId, exception);
            }
        }, TurnKind.Normal);

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }
        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_timers)
        {
            _timers.Remove(timer);
        }
    }

    public int TimerCount
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Queues the deactivation turn (after everything already queued). Idempotent.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        lock (_gone)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Gone)
            {
                return Gone;
            }
            _state = ActivationState.Deactivating;
        }
        _ = Scheduler.RunAsync(async () =>
        {
            StopTimers();
            if (Instance is not null && _activationFailure is null)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(_catalog.DeactivationTimeout);
                    CallContext.Current = new CallContext([GrainId.ToString()], DeadlineAfter(_catalog.DeactivationTimeout));
                    await Instance.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    _catalog.LogDeactivationFailed(GrainId, exception);
                }
            }
            Finish();
        }, TurnKind.Barrier);
        return Gone;
    }

    /// <summary>Drops the activation without running hooks: the silo was killed.</summary>
    public void Abandon()
    {
        StopTimers();
        Finish();
    }

    private void Finish()
    {
        _state = ActivationState.Gone;
        if (_gone.TrySetResult())
        {
            _catalog.Remove(this);
        }
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_timers)
        {
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private void ThrowIfNotServing()
    {
        if (_state == ActivationState.Gone)
        {
            // A failed activation fails the requests that waited for it with its own error; a deactivated
            // one sends them back to be dispatched again.
            if (_activationFailure is not null)
            {
                throw new ActivationFailedException($"Activation of grain {GrainId} failed: {_activationFailure.Message}", _activationFailure);
            }
            throw new ActivationGoneException();
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastUsedTicks, Environment.TickCount64);

    private static long DeadlineAfter(TimeSpan timeout) => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)timeout.TotalMilliseconds;
}

/// <summary>A persisted state that must be read before the grain activates.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}

/// <summary>OnActivateAsync (or loading state) threw, so the grain could not serve this request.</summary>
public sealed class ActivationFailedException : Exception
{
    public ActivationFailedException() { }
    public ActivationFailedException(string message) : base(message) { }
    public ActivationFailedException(string message, Exception innerException) : base(message, innerException) { }
}
