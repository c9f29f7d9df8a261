namespace OrleansSearch.Grains;

/// <summary>
/// Whether the silo it runs on reaches the document store. A gateway has no store connection of its own, so its
/// readiness asks a silo: a store outage leaves searches served from memory, and readiness says Degraded rather
/// than Unhealthy, which would take a gateway that still answers searches out of its load balancer.
/// </summary>
[Alias("OrleansSearch.IStoreHealthGrain")]
public interface IStoreHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Null when the store answers; otherwise why it does not, in words for an operator.</summary>
    [Alias("Check")]
    Task<string?> Check();
}
