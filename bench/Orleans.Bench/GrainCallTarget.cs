using OrleansSearch.Orleans.Bench.Echo;

namespace OrleansSearch.Orleans.Bench;

/// <summary>
/// An Orleans path: worker i calls its own grain (so no two workers queue on one activation), through whichever
/// factory and grain type decide the path: co-hosted, client → silo, or a relay on silo A calling silo B.
/// </summary>
internal sealed class GrainCallTarget(string name, Func<EchoPayload, Task<EchoPayload>>[] calls, EchoPayload payload) : ICallTarget
{
    public string Name => name;

    public async Task<byte[]> CallAsync(int worker) => (await calls[worker](payload)).Bytes;
}
