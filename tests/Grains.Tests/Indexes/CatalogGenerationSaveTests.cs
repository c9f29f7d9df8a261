using Orleans.Storage;
using OrleansSearch.Grains.Indexes;
using OrleansSearch.Grains.Tests.Support;

namespace OrleansSearch.Grains.Tests.Indexes;

/// <summary>
/// The catalog advances an index's generation after its documents were stored. When its grain storage refuses that
/// save, the write is not failed (the documents are acknowledged-durable): the advanced generation is served at once
/// and saved on a timer as soon as the storage takes it, so it survives a restart.
/// </summary>
public sealed class CatalogGenerationSaveTests : IDisposable
{
    private const string Index = "generation-save";
    private static readonly TimeSpan SaveDeadline = TimeSpan.FromSeconds(60);

    private readonly SqliteTestFile _file = new();
    private RefusingCatalogStorage? _storage;

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_generation_the_storage_refused_is_served_at_once_and_saved_once_the_storage_is_back()
    {
        await using (var cluster = await SearchCluster.StartAsync(_file,
            configureSiloServices: services => services.DecorateKeyed<IGrainStorage>(StorageNames.Catalog, storage => _storage = new RefusingCatalogStorage(storage))))
        {
            var catalog = cluster.Client.GetGrain<IIndexCatalogGrain>(Index);
            await catalog.Create(Schemas.Articles(Index));
            var storage = _storage!;

            storage.Refusing = true;
            Assert.Equal(2, await catalog.Advance());
            Assert.Equal(2, (await catalog.Describe())!.Generation);

            storage.Refusing = false;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (storage.SavedGeneration < 2)
            {
                Assert.True(clock.Elapsed < SaveDeadline, $"generation 2 not saved within {SaveDeadline.TotalSeconds:0} s");
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        await using var restarted = await SearchCluster.StartAsync(_file);
        Assert.Equal(2, (await restarted.Client.GetGrain<IIndexCatalogGrain>(Index).Describe())!.Generation);
    }

    /// <summary>The silo's catalog storage, refusing writes while told to and recording the last generation it saved.</summary>
    private sealed class RefusingCatalogStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        private volatile bool _refusing;
        private long _savedGeneration;

        public bool Refusing
        {
            get => _refusing;
            set => _refusing = value;
        }

        public long SavedGeneration => Interlocked.Read(ref _savedGeneration);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (Refusing)
            {
                throw new InvalidOperationException("catalog storage refuses writes (simulated outage)");
            }
            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (grainState.State is IndexCatalogState saved)
            {
                Interlocked.Exchange(ref _savedGeneration, saved.Generation);
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

        /// <summary>The SQLite storage creates its table at silo start: keep that.</summary>
        public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
    }
}
