using Orleans.Placement;

namespace OrleansSearch.Orleans.Bench.Echo;

/// <summary>
/// Lives on silo A (activated from there first) and calls the echo grain of the same key, which was activated on silo B:
/// every call it makes crosses the silo-to-silo connection.
/// </summary>
[PreferLocalPlacement]
public sealed class RelayGrain : Grain, IRelayGrain
{
    private IEchoGrain? _target;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _target = GrainFactory.GetGrain<IEchoGrain>(this.GetPrimaryKeyLong());
        return Task.CompletedTask;
    }

    public Task<EchoPayload> Echo(EchoPayload payload) => _target!.Echo(payload);

    public Task<string> SiloOf() => Task.FromResult(RuntimeIdentity);
}
