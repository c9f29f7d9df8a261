namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Counts the gateway's outgoing calls to one shard grain method: an Orleans outgoing call filter, registered in
/// the gateway host under test only, so other hosts in this test process are not counted.
/// </summary>
internal sealed class ShardCallCounter(string method) : IOutgoingGrainCallFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts counting from zero (the counter lives as long as its gateway host).</summary>
    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(Grains.IShardGrain) && context.InterfaceMethod.Name == method)
        {
            Interlocked.Increment(ref _count);
        }
        return context.Invoke();
    }
}
