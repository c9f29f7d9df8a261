using OrleansSearch.Runtime.Client;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Testing;
using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

public sealed class StateTests
{
    [Fact]
    public async Task State_is_read_on_activation_and_survives_deactivation()
    {
        var storage = new MemoryGrainStorage();
        await using (var cluster = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(), storage: storage))
        {
            var counter = cluster.Client.GetGrain<ICounterGrain>("persisted");
            await counter.Add(5);
            await counter.Add(6);
        }
        await using (var cluster = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(), storage: storage))
        {
            Assert.Equal(11, await cluster.Client.GetGrain<ICounterGrain>("persisted").Get());
        }
    }

    [Fact]
    public async Task A_duplicate_activation_cannot_overwrite_newer_state()
    {
        // Two clusters that cannot see each other (a split brain) share one store: each activates the
        // same grain. The first writer wins; the stale one gets a conflict, never a silent overwrite.
        var storage = new MemoryGrainStorage();
        await using var left = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(), storage: storage);
        await using var right = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(), storage: storage);
        var fromLeft = left.Client.GetGrain<ICounterGrain>("contested");
        var fromRight = right.Client.GetGrain<ICounterGrain>("contested");
        Assert.Equal(0, await fromLeft.Get());
        Assert.Equal(0, await fromRight.Get());

        Assert.Equal(1, await fromLeft.Add(1));
        var conflict = await Assert.ThrowsAsync<GrainCallFailedException>(() => fromRight.Add(100));

        Assert.Equal(typeof(InconsistentStateException).FullName, conflict.RemoteExceptionType);
        var stored = await storage.ReadAsync(new GrainStateKey("counter", "contested", "counter"), CancellationToken.None);
        Assert.Equal("{\"Value\":1}", System.Text.Encoding.UTF8.GetString(stored.Payload!));
    }
}
