using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.RateLimiting;

/// <summary>The token bucket, on a manual clock: capacity, refill, partial grants, when to retry, and refused plans.</summary>
public sealed class RateLimiterGrainTests : IAsyncLifetime
{
    private static readonly RatePlan OnePerSecondBurstFive = new(Capacity: 5, TokensPerSecond: 1);

    private readonly SqliteTestFile _file = new();
    private readonly ManualTimeProvider _clock = new();
    private SearchCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await SearchCluster.StartAsync(_file, clock: _clock);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _file.Dispose();
    }

    private IRateLimiterGrain Client(string id) => _cluster.Client.GetGrain<IRateLimiterGrain>(id);

    [Fact]
    public async Task A_new_bucket_starts_full_grants_what_it_has_and_then_nothing()
    {
        var bucket = Client("burst");

        Assert.Equal(new TokenGrant(3, TimeSpan.Zero), await bucket.Take(3, OnePerSecondBurstFive));
        Assert.Equal(new TokenGrant(2, TimeSpan.Zero), await bucket.Take(3, OnePerSecondBurstFive));
        var refused = await bucket.Take(1, OnePerSecondBurstFive);

        Assert.Equal(0, refused.Granted);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
    }

    [Fact]
    public async Task Tokens_refill_at_the_plan_rate_and_retry_after_is_when_the_next_one_is_whole()
    {
        var bucket = Client("refill");
        var plan = new RatePlan(Capacity: 10, TokensPerSecond: 4);
        Assert.Equal(10, (await bucket.Take(10, plan)).Granted);

        _clock.Advance(TimeSpan.FromMilliseconds(125));
        var early = await bucket.Take(1, plan);
        Assert.Equal(0, early.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(125), early.RetryAfter);

        _clock.Advance(early.RetryAfter);
        Assert.Equal(1, (await bucket.Take(5, plan)).Granted);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, (await bucket.Take(5, plan)).Granted);
    }

    [Fact]
    public async Task Returned_tokens_can_be_taken_again_but_never_above_the_capacity()
    {
        var bucket = Client("returned");
        Assert.Equal(5, (await bucket.Take(5, OnePerSecondBurstFive)).Granted);

        await bucket.Return(3, OnePerSecondBurstFive);
        Assert.Equal(3, (await bucket.Take(5, OnePerSecondBurstFive)).Granted);

        _clock.Advance(TimeSpan.FromSeconds(4));
        await bucket.Return(2, OnePerSecondBurstFive);
        Assert.Equal(5, (await bucket.Take(10, OnePerSecondBurstFive)).Granted);
    }

    [Fact]
    public async Task An_idle_bucket_refills_to_its_capacity_and_no_further()
    {
        var bucket = Client("idle");
        Assert.Equal(5, (await bucket.Take(5, OnePerSecondBurstFive)).Granted);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, (await bucket.Take(100, OnePerSecondBurstFive)).Granted);
        Assert.Equal(0, (await bucket.Take(1, OnePerSecondBurstFive)).Granted);
    }

    [Fact]
    public async Task Over_a_minute_the_grants_add_up_to_the_burst_plus_the_rate()
    {
        var bucket = Client("steady");
        var plan = new RatePlan(Capacity: 3, TokensPerSecond: 2);
        int granted = 0;
        for (int tick = 0; tick < 600; tick++)
        {
            granted += (await bucket.Take(1, plan)).Granted;
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        // 3 at the start plus 2 per second for the 59.9 s after the first request.
        Assert.InRange(granted, 3 + 119, 3 + 120);
    }

    [Fact]
    public async Task Clients_have_separate_buckets()
    {
        Assert.Equal(5, (await Client("alice").Take(5, OnePerSecondBurstFive)).Granted);
        Assert.Equal(5, (await Client("bob").Take(5, OnePerSecondBurstFive)).Granted);
        Assert.Equal(0, (await Client("alice").Take(1, OnePerSecondBurstFive)).Granted);
    }

    public static TheoryData<int, double, double> InvalidRequests => new()
    {
        { 0, 5, 1 },
        { -3, 5, 1 },
        { 1, 0, 1 },
        { 1, 0.5, 1 },
        { 1, 5, 0 },
        { 1, 5, -1 },
        { 1, double.NaN, 1 },
        { 1, 5, double.PositiveInfinity },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_or_plan_is_refused_naming_the_values(int requested, double capacity, double rate)
    {
        var bucket = Client($"invalid-{requested}-{capacity}-{rate}");

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => bucket.Take(requested, new RatePlan(capacity, rate)));

        Assert.Contains($"{requested} tokens of a plan with capacity {capacity} and {rate}/s", error.Message, StringComparison.Ordinal);
        // The refusal spent nothing: a valid request on the same bucket gets the full capacity.
        Assert.Equal(5, (await bucket.Take(5, OnePerSecondBurstFive)).Granted);
    }
}
