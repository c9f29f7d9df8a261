using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

[Collection(SharedClusterCollection.Name)]
public sealed class TurnTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_thousand_concurrent_writes_never_overlap()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>("writes");
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => grain.Write(0)));

        Assert.Equal(1000, await grain.Calls());
        Assert.Equal(1, await grain.MaxConcurrency());
        Assert.Equal(0, await grain.WriteOverlaps());
    }

    [Fact]
    public async Task Read_only_calls_overlap()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>("reads");
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.Read(50)));

        Assert.True(await grain.MaxConcurrency() > 1, "read-only turns should have run side by side");
    }

    [Fact]
    public async Task A_write_does_not_overlap_reads()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>("mixed");
        var calls = new List<Task>();
        for (int i = 0; i < 60; i++)
        {
            calls.Add(i % 10 == 0 ? grain.Write(20) : grain.Read(20));
        }
        await Task.WhenAll(calls);

        Assert.Equal(60, await grain.Calls());
        Assert.Equal(0, await grain.WriteOverlaps());
        Assert.True(await grain.MaxConcurrency() > 1, "the reads between writes should still have overlapped");
    }
}
