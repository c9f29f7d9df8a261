namespace OrleansSearch.Grains.Tests.Support;

/// <summary>One single-silo search cluster on a SQLite file, shared by the tests that only make calls (each uses its own index names).</summary>
public sealed class SearchClusterFixture : IAsyncLifetime
{
    private readonly SqliteTestFile _file = new();
    private SearchCluster? _cluster;

    internal SearchCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started yet.");

    public async Task InitializeAsync() => _cluster = await SearchCluster.StartAsync(_file);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _file.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SearchClusterCollection : ICollectionFixture<SearchClusterFixture>
{
    public const string Name = "Search cluster";
}
