using OrleansSearch.Runtime.Client;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Runtime.Testing;

/// <summary>
/// Several silos and a client in one process on in-memory membership and storage, for tests: start N
/// silos, add one, stop one gracefully, kill one abruptly (its connections drop with no goodbye), and
/// wait until every live silo and the client see a given view.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Action<SiloBuilder> _configure;
    private readonly List<Silo> _silos = [];

    private TestCluster(Action<SiloBuilder> configure, IMembershipTable table, IGrainStorage storage)
    {
        _configure = configure;
        MembershipTable = table;
        Storage = storage;
        Client = new ClusterClient(table, membership: new MembershipOptions { RefreshInterval = TimeSpan.FromMilliseconds(200) }, name: "test-client");
    }

    public IMembershipTable MembershipTable { get; }
    public IGrainStorage Storage { get; }
    public ClusterClient Client { get; }

    /// <summary>Silos started by this cluster that have not been stopped or killed.</summary>
    public IReadOnlyList<Silo> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="siloCount"/> silos. <paramref name="configure"/> runs on each silo's builder
    /// (grain classes, services, options); membership defaults are tightened for fast failure detection.
    /// </summary>
    public static async Task<TestCluster> StartAsync(int siloCount, Action<SiloBuilder> configure, IMembershipTable? table = null, IGrainStorage? storage = null)
    {
        var cluster = new TestCluster(configure, table ?? new MemoryMembershipTable(), storage ?? new MemoryGrainStorage());
        try
        {
            for (int i = 0; i < siloCount; i++)
            {
                await cluster.StartSiloAsync().ConfigureAwait(false);
            }
            await cluster.Client.ConnectAsync().ConfigureAwait(false);
            await cluster.WaitForViewAsync(siloCount).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return cluster;
    }

    /// <summary>Starts one more silo and returns it once it is Active.</summary>
    public async Task<Silo> StartSiloAsync()
    {
        var builder = new SiloBuilder()
            .UseMembershipTable(MembershipTable)
            .UseGrainStorage(Storage)
            .ConfigureSilo(options => options.SiloName = $"silo-{_silos.Count + 1}")
            .ConfigureMembership(options =>
            {
                options.ProbeInterval = TimeSpan.FromMilliseconds(500);
                options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                options.RefreshInterval = TimeSpan.FromMilliseconds(250);
                options.IAmAliveInterval = TimeSpan.FromMilliseconds(500);
                options.IAmAliveStaleness = TimeSpan.FromSeconds(10);
            });
        _configure(builder);
        var silo = builder.Build();
        await silo.StartAsync().ConfigureAwait(false);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo gracefully (ShuttingDown → deactivations → Dead).</summary>
    public async Task StopSiloAsync(Silo silo)
    {
        _silos.Remove(silo);
        await silo.StopAsync().ConfigureAwait(false);
        await silo.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kills a silo abruptly: no table writes, no deactivation hooks, connections dropped.</summary>
    public async Task KillSiloAsync(Silo silo)
    {
        _silos.Remove(silo);
        await silo.KillAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until the client and every live silo see exactly the live silos as Active.</summary>
    public async Task WaitForViewAsync(int activeSilos, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await Client.RefreshViewAsync(cancellation.Token).ConfigureAwait(false);
            bool agreed = Client.View.ActiveSilos.Count == activeSilos;
            foreach (var silo in _silos)
            {
                agreed &= silo.View.ActiveSilos.Count == activeSilos && silo.View.Version == Client.View.Version;
            }
            if (agreed)
            {
                return;
            }
            await Task.Delay(50, cancellation.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync().ConfigureAwait(false);
        }
        _silos.Clear();
    }
}
