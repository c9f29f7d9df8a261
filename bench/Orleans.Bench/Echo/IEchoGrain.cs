namespace OrleansSearch.Orleans.Bench.Echo;

/// <summary>Returns its argument. <see cref="SiloOf"/> lets the benchmark check where an activation was placed.</summary>
[Alias("bench.IEchoGrain")]
public interface IEchoGrain : IGrainWithIntegerKey
{
    [Alias("Echo")]
    Task<EchoPayload> Echo(EchoPayload payload);

    [Alias("SiloOf")]
    Task<string> SiloOf();
}
