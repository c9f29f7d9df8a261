using OrleansSearch.Runtime.Testing;
using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly LifecycleLog _log = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(1, TestSilos.WithTestGrains(_log));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Activation_hook_runs_before_the_first_call_and_once()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>("hooks");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.Ping()));

        Assert.Equal(1, _log.Events.Count(e => e == "activate hooks"));
    }

    [Fact]
    public async Task Deactivate_on_idle_runs_the_hook_and_the_next_call_activates_again()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>("on-request");
        await grain.Deactivate();
        await WaitUntil(() => _log.Events.Contains("deactivate on-request ApplicationRequested"));

        await grain.Ping();
        Assert.Equal(2, _log.Events.Count(e => e == "activate on-request"));
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_their_collection_age()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>("idle");
        await grain.Ping();

        // CollectionAge(1) on the class, collector quantum 200 ms: gone within about 1.2 s of idleness.
        await WaitUntil(() => _log.Events.Contains("deactivate idle IdleCollection"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Timers_tick_as_turns_and_stop_with_the_activation()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>("timer");
        await grain.StartTimer(20);
        await WaitUntil(() => Volatile.Read(ref _log.TimerTicks) >= 3);

        await grain.Deactivate();
        await WaitUntil(() => _log.Events.Contains("deactivate timer ApplicationRequested"));
        int ticksAtDeactivation = Volatile.Read(ref _log.TimerTicks);
        await Task.Delay(200);

        Assert.Equal(ticksAtDeactivation, Volatile.Read(ref _log.TimerTicks));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
