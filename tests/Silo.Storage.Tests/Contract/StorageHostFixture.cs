using OrleansSearch.Grains;
using OrleansSearch.Silo.Storage.Tests.Support;

namespace OrleansSearch.Silo.Storage.Tests.Contract;

/// <summary>
/// One provider under test: its backing store (started once per test class) and a silo configured
/// with our registration method, from which the provider is resolved by name. More silos against
/// the same store can be started (<see cref="StartSiloAsync"/>) to check what a restart sees.
/// </summary>
public abstract class StorageHostFixture : IAsyncLifetime
{
    private TestSilo? _silo;

    /// <summary>The provider name the contract resolves (<see cref="StorageNames"/>).</summary>
    public abstract string ProviderName { get; }

    /// <summary>False for stores that live inside the silo (memory).</summary>
    public virtual bool SurvivesRestart => true;

    internal TestSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started yet.");

    /// <summary>The options <see cref="GrainStorageSetup.AddSearchGrainStorage"/> gets; only valid after the store started.</summary>
    protected abstract StorageOptions StorageOptions { get; }

    internal Task<TestSilo> StartSiloAsync() => TestSilo.StartLocalAsync(silo => silo.AddSearchGrainStorage(StorageOptions));

    public async Task InitializeAsync()
    {
        await StartStoreAsync();
        _silo = await StartSiloAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
        finally
        {
            await StopStoreAsync();
        }
    }

    protected abstract Task StartStoreAsync();

    protected abstract Task StopStoreAsync();
}
