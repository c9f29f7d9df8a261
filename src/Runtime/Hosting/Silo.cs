using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using OrleansSearch.Runtime.Activation;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Messaging;
using OrleansSearch.Runtime.Placement;
using OrleansSearch.Runtime.Transport;

namespace OrleansSearch.Runtime.Hosting;

/// <summary>
/// A silo: hosts activations of the grains it owns, serves calls from silos and clients, and takes
/// part in membership. Built by <see cref="SiloBuilder"/>; started, stopped gracefully, or killed.
/// </summary>
public sealed partial class Silo : IIncomingMessageHandler, ILocalRequestHandler, IAsyncDisposable
{
    private readonly SiloBuilder _settings;
    private readonly ILogger _logger;
    private readonly GrainTypeRegistry _registry;
    private readonly RuntimeInstruments _instruments;
    private readonly ConcurrentDictionary<(Connection, long), CancellationTokenSource> _running = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionListener? _listener;
    private ConnectionPool? _connections;
    private MembershipService? _membership;
    private GrainCallRouter? _router;
    private Catalog? _catalog;
    private SiloAddress? _address;
    private volatile SiloStatus _status = SiloStatus.None;
    private int _pendingRequests;
    private int _closing;

    internal Silo(SiloBuilder settings)
    {
        _settings = settings;
        _logger = settings.LoggerFactory.CreateLogger("OrleansSearch.Runtime.Silo");
        _registry = new GrainTypeRegistry(settings.GrainClasses, settings.Collection);
        Name = settings.Silo.SiloName ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..6]}";
        _instruments = new RuntimeInstruments(settings.MeterFactory, Name, () => (View.ActiveSilos.Count, View.Version));
    }

    public string Name { get; }

    /// <summary>This silo's address; available once started.</summary>
    public SiloAddress Address => _address ?? throw new InvalidOperationException("The silo has not started.");

    public SiloStatus Status => _status;

    public ClusterView View => _membership?.View ?? ClusterView.Empty;

    /// <summary>References to grains, called from this silo.</summary>
    public IGrainFactory GrainFactory => _router ?? throw new InvalidOperationException("The silo has not started.");

    /// <summary>Activations currently on this silo.</summary>
    public int ActivationCount => _catalog?.Count ?? 0;

    /// <summary>Completes when the silo has stopped serving: stopped, killed, or fenced after being declared dead.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Whether this silo stopped because the cluster declared it dead.</summary>
    public bool WasFenced { get; private set; }

    internal GrainTypeRegistry Registry => _registry;

    SiloAddress ILocalRequestHandler.Address => Address;

    /// <summary>Listens, joins the cluster (Joining → Active) and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _settings.Validate();
        var options = _settings.Silo;
        _listener = new ConnectionListener(IPAddress.Parse(options.ListenAddress), options.Port, this, _settings.Messaging, _instruments);
        _address = new SiloAddress(options.AdvertisedHost ?? options.ListenAddress, _listener.Port, DateTime.UtcNow.Ticks);
        _connections = new ConnectionPool(_settings.Messaging, this, _instruments);
        _membership = new MembershipService(_settings.MembershipTable!, _settings.Membership, _logger, _settings.TimeProvider, _address, Name, ProbeAsync);
        _router = new GrainCallRouter(_membership, _connections, _settings.Serializer, _settings.Messaging, _instruments, this);
        _catalog = new Catalog(Name, _settings.BuildServices(_router), _settings.GrainStorage, _settings.Serializer, _router,
            _settings.Collection, _settings.Messaging, _instruments, _settings.LoggerFactory.CreateLogger("OrleansSearch.Runtime.Catalog"));
        _membership.ViewChanged += OnViewChanged;
        _membership.Fenced += OnFenced;
        _status = SiloStatus.Joining;
        _listener.Start();
        LogStarting(_logger, Name, _address, options.ClusterId);
        await _membership.JoinAsync(cancellationToken).ConfigureAwait(false);
        _catalog.StartCollector();
        _status = SiloStatus.Active;
        LogStatus(_logger, Name, _address, SiloStatus.Active);
    }

    /// <summary>
    /// Leaves gracefully: marks itself ShuttingDown (peers stop routing here), runs the calls already
    /// queued, deactivates every activation (hooks run, state persisted), marks itself Dead and closes.
    /// Callers see at most a retry on the new owner, never an error.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_status != SiloStatus.Active)
        {
            return;
        }
        _status = SiloStatus.ShuttingDown;
        LogStatus(_logger, Name, Address, SiloStatus.ShuttingDown);
        await _membership!.SetStatusAsync(Address, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Collection.DeactivationTimeout);
        try
        {
            await _catalog!.DeactivateAllAsync(DeactivationReason.SiloShutdown).WaitAsync(timeout.Token).ConfigureAwait(false);
            while (Volatile.Read(ref _pendingRequests) > 0)
            {
                await Task.Delay(10, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogShutdownTimedOut(_logger, Name, _catalog!.Count, Volatile.Read(ref _pendingRequests));
        }
        // Callers whose view is older than the ShuttingDown row may still send here. Keep answering them
        // (with rejections they retry elsewhere) until every view has had two refreshes to catch up, so
        // no request is cut off by the connection closing under it.
        await Task.Delay(_settings.Membership.RefreshInterval * 2, cancellationToken).ConfigureAwait(false);
        while (Volatile.Read(ref _pendingRequests) > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        await _membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        LogStatus(_logger, Name, Address, SiloStatus.Dead);
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Stops at once as if the process died: no table writes, no hooks, connections dropped with no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_status is SiloStatus.Dead or SiloStatus.None)
        {
            return;
        }
        LogKilled(_logger, Name, Address);
        await CloseAsync().ConfigureAwait(false);
    }

    private void OnFenced()
    {
        if (_status == SiloStatus.ShuttingDown)
        {
            return; // Declared dead by its peers while draining: it is leaving anyway.
        }
        WasFenced = true;
        _ = CloseAsync();
    }

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            await Stopped.ConfigureAwait(false);
            return;
        }
        _status = SiloStatus.Dead;
        if (_membership is not null)
        {
            _membership.ViewChanged -= OnViewChanged;
            await _membership.DisposeAsync().ConfigureAwait(false);
        }
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
        }
        if (_catalog is not null)
        {
            _catalog.AbandonAll();
            await _catalog.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var cancellation in _running.Values)
        {
            cancellation.Cancel();
        }
        _stopped.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _instruments.Dispose();
    }

    private void OnViewChanged(ClusterView view)
    {
        if (_status is not (SiloStatus.Active or SiloStatus.Joining))
        {
            return;
        }
        // Grains this silo no longer owns drain their queues and deactivate; their new owner asks here
        // (a hand-off) before activating, so the two never run side by side.
        var self = Address;
        _ = _catalog!.DeactivateAllAsync(DeactivationReason.PlacementChanged,
            activation => !activation.Descriptor.IsStatelessWorker && RendezvousPlacement.Owner(activation.GrainId, view) is { } owner && owner != self);
        foreach (var (silo, status) in view.Statuses)
        {
            if (status == SiloStatus.Dead)
            {
                _connections!.Remove(silo);
            }
        }
    }

    private async Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var connection = await _connections!.GetAsync(target, cancellationToken).ConfigureAwait(false);
        var pong = await connection.SendRequestAsync(new Message { Id = GrainCallRouter.NextMessageId(), Kind = MessageKind.Ping, Target = new GrainId("", "") }, cancellationToken).ConfigureAwait(false);
        if (pong.ViewVersion > View.Version)
        {
            _ = _membership!.RefreshAsync(pong.ViewVersion, CancellationToken.None);
        }
    }

    void IIncomingMessageHandler.OnMessage(Message message, Connection connection)
    {
        switch (message.Kind)
        {
            case MessageKind.Ping:
                if (_status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown)
                {
                    connection.Send(new Message { Id = message.Id, Kind = MessageKind.Pong, Target = message.Target, ViewVersion = View.Version });
                }
                break;
            case MessageKind.Cancel:
                if (_running.TryGetValue((connection, message.Id), out var cancellation))
                {
                    cancellation.Cancel();
                }
                break;
            case MessageKind.Request:
                _ = HandleRemoteRequestAsync(message, connection);
                break;
            default:
                throw new InvalidDataException($"Unexpected {message.Kind} message from {connection.RemoteEndPoint}.");
        }
    }

    private async Task HandleRemoteRequestAsync(Message request, Connection connection)
    {
        if (!TakesCancellationToken(request))
        {
            connection.Send(await HandleRequestAsync(request, CancellationToken.None).ConfigureAwait(false));
            return;
        }
        // Only a method that takes a token can observe the caller's cancellation: register just those.
        using var cancellation = new CancellationTokenSource();
        var key = (connection, request.Id);
        _running[key] = cancellation;
        try
        {
            var response = await HandleRequestAsync(request, cancellation.Token).ConfigureAwait(false);
            connection.Send(response);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private bool TakesCancellationToken(Message request)
        => _registry.TryGet(request.Target.Type, out var descriptor)
            && descriptor.Interface.MethodsById.TryGetValue(request.MethodId, out var method)
            && method.CancellationTokenIndex >= 0;

    bool ILocalRequestHandler.ServesLocally(GrainId target) => _registry.IsStatelessWorker(target.Type);

    Task<Message> ILocalRequestHandler.HandleLocalRequestAsync(Message request, CancellationToken cancellationToken)
        => HandleRequestAsync(request, cancellationToken);

    /// <summary>
    /// Serves, forwards or rejects one request. Order matters: an activation that lives here serves
    /// (even if the grain moved: it is draining); otherwise only the owner activates, after asking the
    /// grain's previous owner to serve it if it still holds an activation.
    /// </summary>
    private async Task<Message> HandleRequestAsync(Message request, CancellationToken cancellationToken)
    {
        if (request.DeadlineUnixMs < DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
        {
            return request.CreateException(typeof(GrainCallTimeoutException).FullName!, "The request's deadline passed before it could run.", View.Version);
        }
        if (_status is not (SiloStatus.Active or SiloStatus.ShuttingDown))
        {
            return request.CreateRejection(RejectionReason.ShuttingDown, View.Version);
        }
        if (Interlocked.Increment(ref _pendingRequests) > _settings.Messaging.MaxPendingRequests)
        {
            Interlocked.Decrement(ref _pendingRequests);
            return request.CreateRejection(RejectionReason.Overloaded, View.Version);
        }
        // No per-request deadline timer here: a turn cannot be pre-empted anyway, and the caller enforces
        // its own deadline. Deadlines are applied where they can act: relays and methods that take a token.
        using var activity = RuntimeInstruments.ActivitySource.StartActivity("serve", ActivityKind.Server, request.TraceParent);
        try
        {
            return await ServeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return request.CreateException(typeof(GrainCallTimeoutException).FullName!, $"Call on grain {request.Target} ran past its deadline.", View.Version);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingRequests);
        }
    }

    private async Task<Message> ServeAsync(Message request, CancellationToken cancellationToken)
    {
        if (request.ViewVersion > View.Version)
        {
            await _membership!.RefreshAsync(request.ViewVersion, cancellationToken).ConfigureAwait(false);
        }
        var target = request.Target;
        if (!_registry.TryGet(target.Type, out var descriptor))
        {
            return request.CreateException(typeof(UnknownGrainTypeException).FullName!,
                $"No grain class for grain type '{target.Type}' is registered on silo {Name}; known types: {string.Join(", ", _registry.GrainTypes)}.", View.Version);
        }
        if (!descriptor.Interface.MethodsById.TryGetValue(request.MethodId, out var method))
        {
            return request.CreateException(typeof(InvalidOperationException).FullName!,
                $"Grain type '{target.Type}' has no method with id {request.MethodId}: the caller was built against another version of {descriptor.Interface.InterfaceType.Name}.", View.Version);
        }
        if (!descriptor.IsReentrant && Array.IndexOf(request.CallChain, target.ToString()) >= 0)
        {
            return request.CreateException(typeof(DeadlockException).FullName!,
                $"Call cycle: {string.Join(" → ", request.CallChain)} → {target} ({method.Name}); grain {target} is not reentrant and is already waiting in this chain.", View.Version);
        }
        object?[] arguments;
        try
        {
            arguments = _settings.Serializer.DeserializeArguments(request.Body.Span, method.ParameterTypes);
        }
        catch (Exception exception)
        {
            return request.CreateException(typeof(GrainCallSerializationException).FullName!, $"Cannot read the arguments of {method.Name}: {exception.Message}", View.Version);
        }

        for (int attempt = 0; ; attempt++)
        {
            GrainActivation? activation;
            if (descriptor.IsStatelessWorker)
            {
                activation = _status == SiloStatus.Active ? _catalog!.GetWorker(target, descriptor) : null;
            }
            else
            {
                activation = _catalog!.TryGet(target);
                if (activation is null)
                {
                    var redirect = await ActivateHereOrRedirectAsync(request, cancellationToken).ConfigureAwait(false);
                    if (redirect is not null)
                    {
                        return redirect;
                    }
                    activation = _catalog.GetOrCreate(target, descriptor);
                }
            }
            if (activation is null)
            {
                return request.CreateRejection(RejectionReason.ShuttingDown, View.Version);
            }
            try
            {
                var result = await activation.InvokeAsync(method, arguments, request.CallChain, request.DeadlineUnixMs, cancellationToken).ConfigureAwait(false);
                var response = request.CreateResponse(ResponseStatus.Ok);
                response.ViewVersion = View.Version;
                response.Body = method.ResultType is null ? ReadOnlyMemory<byte>.Empty : _settings.Serializer.SerializeValue(result, method.ResultType);
                return response;
            }
            catch (ActivationGoneException) when (attempt < 8)
            {
                // It deactivated while this request waited: dispatch again (here or elsewhere).
            }
            catch (GrainCallSerializationException exception)
            {
                return request.CreateException(typeof(GrainCallSerializationException).FullName!, $"Cannot return the result of {method.Name}: {exception.Message}", View.Version);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (GrainCallTimeoutException exception)
            {
                return request.CreateException(typeof(GrainCallTimeoutException).FullName!, exception.Message, View.Version);
            }
            catch (Exception exception)
            {
                var thrown = exception is ActivationFailedException { InnerException: { } inner } ? inner : exception;
                LogGrainCallFailed(_logger, method.Name, target, thrown);
                return request.CreateException(thrown.GetType().FullName!, exception.Message, View.Version);
            }
        }
    }

    /// <summary>
    /// For a grain with no activation here: null when this silo should activate it; otherwise the
    /// response from where it belongs (its owner, or its previous owner still holding it), or a rejection.
    /// </summary>
    private async Task<Message?> ActivateHereOrRedirectAsync(Message request, CancellationToken cancellationToken)
    {
        var view = View;
        if ((request.Flags & MessageFlags.Handoff) != 0)
        {
            return request.CreateRejection(RejectionReason.NoActivation, view.Version);
        }
        if (_status != SiloStatus.Active)
        {
            return request.CreateRejection(RejectionReason.ShuttingDown, view.Version);
        }
        var owner = RendezvousPlacement.Owner(request.Target, view);
        if (owner != Address)
        {
            if (owner is null || request.Hops >= _settings.Messaging.MaxForwardHops)
            {
                return request.CreateRejection(RejectionReason.NotOwner, view.Version);
            }
            var forwarded = await RelayAsync(owner, request, MessageFlags.None, cancellationToken).ConfigureAwait(false);
            return forwarded ?? request.CreateRejection(RejectionReason.NotOwner, view.Version);
        }
        var previousOwner = RendezvousPlacement.Owner(request.Target, _membership!.PreviousView);
        if (previousOwner is not null && previousOwner != Address && view.StatusOf(previousOwner) is SiloStatus.Active or SiloStatus.ShuttingDown)
        {
            var handedOver = await RelayAsync(previousOwner, request, MessageFlags.Handoff, cancellationToken).ConfigureAwait(false);
            if (handedOver is not null && !(handedOver.Status == ResponseStatus.Rejected && handedOver.Rejection == RejectionReason.NoActivation))
            {
                return handedOver;
            }
        }
        return null;
    }

    /// <summary>Sends a copy of the request on to another silo; null when that silo cannot be reached.</summary>
    private async Task<Message?> RelayAsync(SiloAddress destination, Message request, MessageFlags extraFlags, CancellationToken cancellationToken)
    {
        var copy = new Message
        {
            Id = GrainCallRouter.NextMessageId(),
            Kind = MessageKind.Request,
            Flags = request.Flags | extraFlags,
            Hops = (byte)(request.Hops + 1),
            Target = request.Target,
            MethodId = request.MethodId,
            ViewVersion = View.Version,
            DeadlineUnixMs = request.DeadlineUnixMs,
            CallChain = request.CallChain,
            TraceParent = request.TraceParent,
            Body = request.Body,
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, request.DeadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        try
        {
            var response = await _router!.SendAsync(destination, copy, deadline.Token).ConfigureAwait(false);
            response.Id = request.Id;
            response.ViewVersion = Math.Max(response.ViewVersion, View.Version);
            return response;
        }
        catch (Exception exception) when (exception is ConnectionFailedException or SiloUnavailableException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {Name} starting at {Address} in cluster {ClusterId}")]
    private static partial void LogStarting(ILogger logger, string name, SiloAddress address, string clusterId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo {Name} at {Address} is {Status}")]
    private static partial void LogStatus(ILogger logger, string name, SiloAddress address, SiloStatus status);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Silo {Name} killed at {Address}: no goodbye")]
    private static partial void LogKilled(ILogger logger, string name, SiloAddress address);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Silo {Name} shutdown timed out with {Activations} activations and {Pending} requests left")]
    private static partial void LogShutdownTimedOut(ILogger logger, string name, int activations, int pending);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Method} on grain {GrainId} threw")]
    private static partial void LogGrainCallFailed(ILogger logger, string method, GrainId grainId, Exception exception);
}
