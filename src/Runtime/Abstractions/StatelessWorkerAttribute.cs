namespace OrleansSearch.Runtime;

/// <summary>
/// The grain keeps no state worth a single owner: each silo activates it locally, up to
/// <see cref="MaxLocalActivations"/> activations per key, and calls go to whichever is free.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StatelessWorkerAttribute(int maxLocalActivations = 0) : Attribute
{
    /// <summary>0 means one per core.</summary>
    public int MaxLocalActivations { get; } = maxLocalActivations;
}
