using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Messaging;
using OrleansSearch.Runtime.Transport;

namespace OrleansSearch.Runtime.Client;

/// <summary>
/// Calls grains from outside the cluster (the gateway). It is not a silo: it owns no grains and takes
/// no part in failure detection. It reads the view from the membership table and sends each call
/// straight to the grain's owner (one hop), re-reading the table when a silo says its view is newer.
/// </summary>
public sealed class ClusterClient : IGrainFactory, IAsyncDisposable
{
    private readonly MembershipService _membership;
    private readonly ConnectionPool _connections;
    private readonly GrainCallRouter _router;
    private readonly RuntimeInstruments _instruments;

    public ClusterClient(IMembershipTable membershipTable, MessagingOptions? messaging = null, MembershipOptions? membership = null,
        IMessageSerializer? serializer = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, string name = "client")
    {
        ArgumentNullException.ThrowIfNull(membershipTable);
        messaging ??= new MessagingOptions();
        membership ??= new MembershipOptions();
        messaging.Validate();
        membership.Validate();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("OrleansSearch.Runtime.ClusterClient");
        _instruments = new RuntimeInstruments(meterFactory ?? new StandaloneMeterFactory(), name, () => (View.ActiveSilos.Count, View.Version));
        _connections = new ConnectionPool(messaging, handler: null, _instruments);
        _membership = new MembershipService(membershipTable, membership, logger, TimeProvider.System, self: null, name,
            probe: static (_, _) => Task.CompletedTask);
        _router = new GrainCallRouter(_membership, _connections, serializer ?? new JsonMessageSerializer(), messaging, _instruments, local: null);
        _membership.ViewChanged += view =>
        {
            foreach (var (silo, status) in view.Statuses)
            {
                if (status == SiloStatus.Dead)
                {
                    _connections.Remove(silo);
                }
            }
        };
    }

    /// <summary>The client's current view of the cluster.</summary>
    public ClusterView View => _membership.View;

    /// <summary>Reads the membership table and keeps it fresh; call before the first grain call.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _membership.StartReadingAsync(cancellationToken);

    /// <summary>Re-reads the membership table now.</summary>
    public Task RefreshViewAsync(CancellationToken cancellationToken = default) => _membership.RefreshAsync(0, cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey => _router.GetGrain<TGrainInterface>(key);

    public async ValueTask DisposeAsync()
    {
        await _membership.DisposeAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        _instruments.Dispose();
    }
}
