using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

/// <summary>The silo configuration the cluster tests share: the test grains and the services they take.</summary>
internal static class TestSilos
{
    public static Action<SiloBuilder> WithTestGrains(LifecycleLog? log = null, Action<SiloBuilder>? more = null) => builder =>
    {
        builder.AddGrainsFrom(typeof(TurnGrain).Assembly)
            .ConfigureCollection(options => options.CollectionQuantum = TimeSpan.FromMilliseconds(200))
            .ConfigureServices(services =>
            {
                services.AddSingleton(log ?? new LifecycleLog());
            });
        more?.Invoke(builder);
    };
}

/// <summary>One three-silo cluster shared by the tests that only make calls.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public Testing.TestCluster Cluster { get; private set; } = null!;

    public LifecycleLog Log { get; } = new();

    public async Task InitializeAsync() => Cluster = await Testing.TestCluster.StartAsync(3, TestSilos.WithTestGrains(Log));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "Shared cluster";
}
