using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Storage;
using OrleansSearch.Runtime.Testing;
using OrleansSearch.Silo;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Grains.Tests.Support;

/// <summary>
/// An in-process cluster hosting the search grains as the silo host does (<see cref="SearchGrains.AddTo"/>),
/// over a SQLite file for grain state and documents, so a second cluster on the same file is the
/// same deployment restarted.
/// </summary>
internal sealed class SearchCluster : IAsyncDisposable
{
    private SearchCluster(TestCluster cluster, SqlDocumentStore documents)
    {
        Cluster = cluster;
        Documents = documents;
    }

    public TestCluster Cluster { get; }

    /// <summary>The document store the silos write to, for checking what is durable.</summary>
    public SqlDocumentStore Documents { get; }

    public Runtime.Client.ClusterClient Client => Cluster.Client;

    public static async Task<SearchCluster> StartAsync(SqliteTestFile file, int silos = 1, ShardOptions? shards = null, Action<SiloBuilder>? more = null)
    {
        var documents = new SqlDocumentStore(SqlDialect.Sqlite(file.ConnectionString));
        await documents.InitializeAsync(CancellationToken.None);
        var storage = new ClusterStorage(new MemoryMembershipTable(), new SqlGrainStorage(SqlDialect.Sqlite(file.ConnectionString)), documents);
        var cluster = await TestCluster.StartAsync(silos, builder =>
        {
            SearchGrains.AddTo(builder, storage, shards ?? new ShardOptions());
            builder.ConfigureCollection(options => options.CollectionQuantum = TimeSpan.FromMilliseconds(200));
            more?.Invoke(builder);
        }, storage.Membership, storage.GrainState);
        return new SearchCluster(cluster, documents);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
