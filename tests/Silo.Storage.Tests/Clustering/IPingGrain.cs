namespace OrleansSearch.Silo.Storage.Tests.Clustering;

/// <summary>A trivial grain: proves a client reached the cluster and which silo answered.</summary>
[Alias("OrleansSearch.Silo.Storage.Tests.Clustering.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    Task<string> PingAsync(string message);
}
