using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

[Collection(SharedClusterCollection.Name)]
public sealed class CallTests(SharedClusterFixture fixture)
{
    private IGrainFactory Client => fixture.Cluster.Client;

    [Fact]
    public async Task Calls_reach_grains_through_other_grains()
    {
        string walked = await Client.GetGrain<IChainGrain>("a").CallThrough(["chain:b", "chain:c", "reentrant:d"]);

        Assert.Equal("a>b>c>d", walked);
    }

    [Fact]
    public async Task A_call_cycle_into_a_non_reentrant_grain_fails_at_once_naming_the_chain()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DeadlockException>(() => Client.GetGrain<IChainGrain>("cycle-a").CallThrough(["chain:cycle-b", "chain:cycle-a"]));

        // Detected where the cycle closes (cycle-b calling cycle-a) and passed back up the chain.
        Assert.Contains("chain/cycle-a → chain/cycle-b → chain/cycle-a", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"cycle detection took {started.Elapsed}");
        Assert.Equal(7, await Client.GetGrain<IChainGrain>("cycle-a").Echo(7));
    }

    [Fact]
    public async Task A_direct_cycle_reports_a_deadlock_exception()
    {
        await Assert.ThrowsAsync<DeadlockException>(() => Client.GetGrain<IChainGrain>("self-call").CallThrough(["chain:self-call"]).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_cycle_through_a_reentrant_grain_is_allowed()
    {
        string walked = await Client.GetGrain<IReentrantChainGrain>("r1").CallThrough(["chain:x1", "reentrant:r1"]);

        Assert.Equal("r1>x1>r1", walked);
    }

    [Fact]
    public async Task An_exception_reaches_the_caller_with_type_message_and_grain()
    {
        var error = await Assert.ThrowsAsync<GrainCallFailedException>(() => Client.GetGrain<IChainGrain>("thrower").Fail("boom"));

        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteExceptionType);
        Assert.Equal("boom", error.RemoteMessage);
        Assert.Equal(new GrainId("chain", "thrower"), error.GrainId);
        Assert.Contains("IChainGrain.Fail", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await Client.GetGrain<IChainGrain>("thrower").Echo(3));
    }

    [Fact]
    public async Task An_unknown_grain_type_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<UnknownGrainTypeException>(() => Client.GetGrain<INotHostedGrain>("x").Anything());

        Assert.Contains("not-hosted", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, await Client.GetGrain<IChainGrain>("after-unknown").Echo(5));
    }

    [Fact]
    public async Task An_argument_that_cannot_be_serialized_fails_before_sending()
    {
        using var stream = new MemoryStream([1, 2, 3]);
        var error = await Assert.ThrowsAsync<GrainCallSerializationException>(() => Client.GetGrain<IChainGrain>("streams").AcceptStream(stream));

        Assert.Contains("IChainGrain.AcceptStream", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, await Client.GetGrain<IChainGrain>("streams").Echo(9));
    }

    [Fact]
    public async Task An_oversized_request_fails_with_a_clear_error_and_the_silo_keeps_serving()
    {
        var grain = Client.GetGrain<IChainGrain>("big");
        var error = await Assert.ThrowsAsync<MessageTooLargeException>(() => grain.Length(new byte[20 * 1024 * 1024]));

        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024, await grain.Length(new byte[1024]));
    }

    [Fact]
    public async Task An_oversized_response_fails_with_a_clear_error_and_the_silo_keeps_serving()
    {
        var grain = Client.GetGrain<IChainGrain>("big-result");
        var error = await Assert.ThrowsAsync<MessageTooLargeException>(() => grain.Bytes(20 * 1024 * 1024));

        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(16, (await grain.Bytes(16)).Length);
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_the_grain_method()
    {
        var grain = Client.GetGrain<IChainGrain>("cancel");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.Sleep(20_000, cancellation.Token));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await grain.WasCancelled() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(await grain.WasCancelled(), "the grain's token should have fired");
    }

    [Fact]
    public async Task A_call_that_outlives_its_deadline_ends_with_a_timeout_and_never_hangs()
    {
        await using var client = new Client.ClusterClient(fixture.Cluster.MembershipTable, new Hosting.MessagingOptions { CallTimeout = TimeSpan.FromMilliseconds(500) });
        await client.ConnectAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => client.GetGrain<IChainGrain>("too-slow").Sleep(5_000, CancellationToken.None));

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(2));
        Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_references_are_plain_and_cheap()
    {
        var first = Client.GetGrain<IChainGrain>("ref");
        var second = Client.GetGrain<IChainGrain>("ref");

        Assert.Equal("chain/ref", first.ToString());
        Assert.Equal(((Invocation.GrainReference)(object)first).GrainId, ((Invocation.GrainReference)(object)second).GrainId);
        Assert.Throws<ArgumentException>(() => Client.GetGrain<IGrainWithStringKey>("x"));
    }

    [Fact]
    public async Task Stateless_workers_run_several_local_activations_in_parallel()
    {
        var worker = Client.GetGrain<IWorkerGrain>("pool");
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => worker.Work(100)));

        Assert.InRange(answers.Distinct().Count(), 2, 4 * fixture.Cluster.Silos.Count);
    }
}
