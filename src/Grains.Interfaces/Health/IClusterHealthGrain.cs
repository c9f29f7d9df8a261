namespace OrleansSearch.Grains;

/// <summary>
/// The cluster as the silo that answers sees it, for a gateway's readiness. A gateway has no store connection of its
/// own, and Orleans' management grain reads the membership table, which lives in the same database: during a store
/// outage it fails although every silo is up and searches are served. This answer comes from the silo's memory
/// (its membership view) and a ping of its document store.
/// </summary>
[Alias("OrleansSearch.IClusterHealthGrain")]
public interface IClusterHealthGrain : IGrainWithIntegerKey
{
    [Alias("Check")]
    Task<ClusterHealth> Check();
}

/// <param name="ActiveSilos">Active silos in the answering silo's membership view.</param>
/// <param name="StoreProblem">Null when the document store answers; otherwise why it does not, for an operator.</param>
[GenerateSerializer]
[Alias("OrleansSearch.ClusterHealth")]
public sealed record ClusterHealth([property: Id(0)] int ActiveSilos, [property: Id(1)] string? StoreProblem);
