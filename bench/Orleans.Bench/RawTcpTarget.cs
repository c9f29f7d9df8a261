using OrleansSearch.Orleans.Bench.RawTcp;

namespace OrleansSearch.Orleans.Bench;

/// <summary>The baseline: the same payload there and back over loopback TCP with nothing else on the path.</summary>
internal sealed class RawTcpTarget(PipelinedEchoClient client) : ICallTarget
{
    public string Name => "raw TCP request/response";

    public Task<byte[]> CallAsync(int worker) => client.EchoAsync(worker);
}
