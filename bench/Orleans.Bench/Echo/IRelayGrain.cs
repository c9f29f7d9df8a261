namespace OrleansSearch.Orleans.Bench.Echo;

/// <summary>Forwards an echo to the <see cref="IEchoGrain"/> with the same key: the silo → silo hop.</summary>
[Alias("bench.IRelayGrain")]
public interface IRelayGrain : IGrainWithIntegerKey
{
    [Alias("Echo")]
    Task<EchoPayload> Echo(EchoPayload payload);

    [Alias("SiloOf")]
    Task<string> SiloOf();
}
