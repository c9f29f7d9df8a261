using OrleansSearch.Grains.Caching;
using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Caching;

/// <summary>
/// Cached responses on a manual clock: present until their time to live ends on that clock, then gone, and the
/// expired entry's activation is collected.
/// </summary>
public sealed class CacheEntryGrainTests : IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();
    private readonly ManualTimeProvider _clock = new();
    private SearchCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SearchCluster.StartAsync(_file, clock: _clock);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _file.Dispose();
    }

    private ICacheEntryGrain Entry(string request) => _cluster.Client.GetGrain<ICacheEntryGrain>(CacheKeys.For("books", 1, request));

    private static async Task<byte[]?> GetAsync(ICacheEntryGrain entry) => (await entry.Get())?.Value;

    [Fact]
    public async Task A_put_response_is_returned_by_get()
    {
        var entry = Entry("q=put");
        await entry.Put(new([1, 2, 3]), TimeSpan.FromMinutes(1));

        Assert.Equal([1, 2, 3], await GetAsync(entry));
    }

    [Fact]
    public async Task An_empty_entry_returns_null()
        => Assert.Null(await GetAsync(Entry("q=never-put")));

    [Fact]
    public async Task A_later_put_replaces_the_response_and_its_time_to_live()
    {
        var entry = Entry("q=replace");
        await entry.Put(new([1]), TimeSpan.FromSeconds(2));
        await entry.Put(new([2]), TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([2], await GetAsync(entry));
    }

    [Fact]
    public async Task After_its_time_to_live_the_entry_is_empty_and_its_activation_is_gone()
    {
        var entry = Entry("q=expires");
        await entry.Put(new([9]), TimeSpan.FromMilliseconds(300));
        Assert.Equal([9], await GetAsync(entry));
        Assert.Equal(1, await CacheActivationsAsync());

        _clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal([9], await GetAsync(entry));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await GetAsync(entry));

        // The expiry timer (Orleans' own clock) clears the entry and deactivates it; wait for that with a deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await CacheActivationsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired cache entry's activation was not collected within 30 s");
            await Task.Delay(50);
        }
    }

    private async Task<int> CacheActivationsAsync()
    {
        var statistics = await _cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(CacheEntryGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    [Fact]
    public async Task A_time_to_live_that_is_not_positive_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Entry("q=zero").Put(new([1]), TimeSpan.Zero));

        Assert.Contains("time to live must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_keys_differ_by_index_generation_and_request_and_are_stable_otherwise()
    {
        string key = CacheKeys.For("books", 4, "q=grains&size=10");

        Assert.Equal(key, CacheKeys.For("books", 4, "q=grains&size=10"));
        Assert.NotEqual(key, CacheKeys.For("books", 5, "q=grains&size=10"));
        Assert.NotEqual(key, CacheKeys.For("books", 4, "q=grains&size=20"));
        Assert.NotEqual(key, CacheKeys.For("films", 4, "q=grains&size=10"));
        Assert.StartsWith("books@4/", key, StringComparison.Ordinal);
        Assert.Equal("books@4/".Length + 32, key.Length);
    }
}
