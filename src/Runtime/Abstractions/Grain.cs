using OrleansSearch.Runtime.Activation;

namespace OrleansSearch.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation, after its
/// constructor has received its services and persisted states, and runs every call as a turn on it.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    internal void Attach(GrainActivation activation) => _activation = activation;

    private GrainActivation Activation => _activation
        ?? throw new InvalidOperationException("The grain is not activated yet: runtime members are available from OnActivateAsync on, not in the constructor.");

    /// <summary>The id of this grain (type and key).</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>The key this grain was addressed with.</summary>
    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    /// <summary>The name of the silo this activation runs on, for logs and diagnostics.</summary>
    protected string RuntimeIdentity => Activation.SiloName;

    /// <summary>References to other grains; calls made through it inherit this turn's deadline and call chain.</summary>
    protected IGrainFactory GrainFactory => Activation.GrainFactory;

    /// <summary>Runs when the grain activates, after its persisted states are read, before its first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs when the activation goes away (idle, moved, silo shutdown), after its queued calls: persist
    /// here what must survive. Not run when the silo crashes.
    /// </summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the calls already queued have run.</summary>
    protected void DeactivateOnIdle() => _ = Activation.DeactivateAsync(DeactivationReason.ApplicationRequested);

    /// <summary>
    /// Registers a timer whose ticks run as turns of this activation; it stops when the activation
    /// deactivates or when the returned handle is disposed. <paramref name="period"/> may be
    /// <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.
    /// </summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, dueTime, period);
    }
}
