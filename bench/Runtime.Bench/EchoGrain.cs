using OrleansSearch.Runtime;

namespace OrleansSearch.Runtime.Bench;

[GrainType("bench-echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    Task<byte[]> Echo(byte[] payload);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<byte[]> Echo(byte[] payload) => Task.FromResult(payload);
}
