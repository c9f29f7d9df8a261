using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Caching;

/// <summary>Cached responses on the real clock: present until their time to live ends, then gone with their activation.</summary>
public sealed class CacheEntryGrainTests : IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();
    private SearchCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SearchCluster.StartAsync(_file);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _file.Dispose();
    }

    private ICacheEntryGrain Entry(string request) => _cluster.Client.GetGrain<ICacheEntryGrain>(CacheKeys.For("books", 1, request));

    [Fact]
    public async Task A_put_response_is_returned_by_get()
    {
        var entry = Entry("q=put");
        await entry.Put([1, 2, 3], TimeSpan.FromMinutes(1));

        Assert.Equal([1, 2, 3], await entry.Get());
    }

    [Fact]
    public async Task An_empty_entry_returns_null()
        => Assert.Null(await Entry("q=never-put").Get());

    [Fact]
    public async Task A_later_put_replaces_the_response_and_its_time_to_live()
    {
        var entry = Entry("q=replace");
        await entry.Put([1], TimeSpan.FromMilliseconds(200));
        await entry.Put([2], TimeSpan.FromMinutes(1));
        await Task.Delay(500);

        Assert.Equal([2], await entry.Get());
    }

    [Fact]
    public async Task After_its_time_to_live_the_entry_is_empty_and_its_activation_is_gone()
    {
        var silo = Assert.Single(_cluster.Cluster.Silos);
        int before = silo.ActivationCount;
        var entry = Entry("q=expires");
        await entry.Put([9], TimeSpan.FromMilliseconds(300));
        Assert.Equal(before + 1, silo.ActivationCount);
        Assert.Equal([9], await entry.Get());

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (silo.ActivationCount > before && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.Equal(before, silo.ActivationCount);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.Null(await entry.Get());
    }

    [Fact]
    public async Task A_time_to_live_that_is_not_positive_is_refused()
    {
        var error = await Assert.ThrowsAsync<Runtime.GrainCallFailedException>(() => Entry("q=zero").Put([1], TimeSpan.Zero));

        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, error.RemoteExceptionType);
        Assert.Contains("time to live must be positive", error.RemoteMessage, StringComparison.Ordinal);
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
