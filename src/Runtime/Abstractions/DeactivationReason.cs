namespace OrleansSearch.Runtime;

/// <summary>Why an activation is going away, passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public enum DeactivationReason
{
    /// <summary>Idle longer than its collection age.</summary>
    IdleCollection,
    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,
    /// <summary>A membership change moved the grain to another silo.</summary>
    PlacementChanged,
    /// <summary>The silo is shutting down gracefully.</summary>
    SiloShutdown,
    /// <summary>OnActivateAsync failed.</summary>
    ActivationFailed,
}
