using Orleans.Placement;

namespace OrleansSearch.Orleans.Bench.Echo;

/// <summary>
/// Activated in the silo of whoever calls it first (<see cref="PreferLocalPlacementAttribute"/>): the benchmark
/// activates each echo grain from the silo it must live on, so placement is decided, not random.
/// </summary>
[PreferLocalPlacement]
public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<EchoPayload> Echo(EchoPayload payload) => Task.FromResult(payload);

    public Task<string> SiloOf() => Task.FromResult(RuntimeIdentity);
}
