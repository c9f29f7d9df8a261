using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Messaging;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Runtime.Activation;

/// <summary>
/// This silo's activations: at most one per grain (several per key for stateless workers), created on
/// first call, collected when idle longer than their collection age, deactivated on request, on a
/// placement change and at shutdown.
/// </summary>
internal sealed partial class Catalog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, List<GrainActivation>> _workers = new();
    private readonly IServiceProvider _services;
    private readonly IGrainStorage? _storage;
    private readonly IMessageSerializer _serializer;
    private readonly GrainCollectionOptions _collection;
    private readonly RuntimeInstruments _instruments;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _collector = Task.CompletedTask;

    public Catalog(string siloName, IServiceProvider services, IGrainStorage? storage, IMessageSerializer serializer, IGrainFactory grainFactory,
        GrainCollectionOptions collection, MessagingOptions messaging, RuntimeInstruments instruments, ILogger logger)
    {
        SiloName = siloName;
        _services = services;
        _storage = storage;
        _serializer = serializer;
        GrainFactory = grainFactory;
        _collection = collection;
        CallTimeout = messaging.CallTimeout;
        _instruments = instruments;
        _logger = logger;
    }

    public string SiloName { get; }
    public IGrainFactory GrainFactory { get; }
    public TimeSpan CallTimeout { get; }
    public TimeSpan DeactivationTimeout => _collection.DeactivationTimeout;

    public int Count => _activations.Count + _workers.Values.Sum(static group => { lock (group) { return group.Count; } });

    /// <summary>The grain's activation here, if any (including one that is activating or deactivating).</summary>
    public GrainActivation? TryGet(GrainId grainId) => _activations.TryGetValue(grainId, out var activation) ? activation : null;

    public GrainActivation GetOrCreate(GrainId grainId, GrainClassDescriptor descriptor)
    {
        while (true)
        {
            if (_activations.TryGetValue(grainId, out var existing))
            {
                return existing;
            }
            var activation = new GrainActivation(grainId, descriptor, this);
            if (_activations.TryAdd(grainId, activation))
            {
                Created(activation);
                return activation;
            }
        }
    }

    /// <summary>A stateless worker activation for the key: the least busy one, or a new one while under the per-silo maximum.</summary>
    public GrainActivation GetWorker(GrainId grainId, GrainClassDescriptor descriptor)
    {
        var group = _workers.GetOrAdd(grainId, static _ => []);
        lock (group)
        {
            GrainActivation? best = null;
            foreach (var activation in group)
            {
                if (activation.State <= ActivationState.Valid && (best is null || activation.Scheduler.Outstanding < best.Scheduler.Outstanding))
                {
                    best = activation;
                }
            }
            if (best is not null && (best.Scheduler.Outstanding == 0 || group.Count >= descriptor.MaxLocalWorkers))
            {
                return best;
            }
            var created = new GrainActivation(grainId, descriptor, this);
            group.Add(created);
            Created(created);
            return created;
        }
    }

    private void Created(GrainActivation activation)
    {
        _instruments.ActivationCreated(activation.Descriptor.GrainType);
        activation.Start();
    }

    public void Remove(GrainActivation activation)
    {
        bool removed = _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));
        if (!removed && _workers.TryGetValue(activation.GrainId, out var group))
        {
            lock (group)
            {
                removed = group.Remove(activation);
            }
        }
        if (removed)
        {
            _instruments.ActivationRemoved(activation.Descriptor.GrainType);
        }
    }

    /// <summary>Builds the grain object, supplying persisted states and services to its constructor.</summary>
    public Grain CreateGrain(GrainActivation activation, List<IStateLoader> states)
    {
        var constructor = activation.Descriptor.Constructor;
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var stateAttribute = parameter.GetCustomAttributes(typeof(PersistentStateAttribute), false);
            if (stateAttribute.Length > 0)
            {
                var storage = _storage ?? throw new InvalidOperationException(
                    $"Grain class {activation.Descriptor.GrainClass.Name} has persistent state but the silo has no grain storage configured.");
                var type = parameter.ParameterType;
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                {
                    throw new InvalidOperationException($"Parameter '{parameter.Name}' of {activation.Descriptor.GrainClass.Name} has [PersistentState] but is not an IPersistentState<T>.");
                }
                var key = new GrainStateKey(activation.Descriptor.GrainType, activation.GrainId.Key, ((PersistentStateAttribute)stateAttribute[0]).StateName);
                var state = Activator.CreateInstance(typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]), storage, key, _serializer)!;
                states.Add((IStateLoader)state);
                arguments[i] = state;
            }
            else
            {
                arguments[i] = _services.GetService(parameter.ParameterType) ?? throw new InvalidOperationException(
                    $"Cannot build grain {activation.Descriptor.GrainClass.Name}: no service of type {parameter.ParameterType.Name} is registered for constructor parameter '{parameter.Name}'.");
            }
        }
        return (Grain)constructor.Invoke(arguments);
    }

    /// <summary>Deactivates every activation (optionally only those matching) and waits until they are gone.</summary>
    public Task DeactivateAllAsync(DeactivationReason reason, Func<GrainActivation, bool>? filter = null)
    {
        var gone = new List<Task>();
        foreach (var activation in AllActivations())
        {
            if (filter is null || filter(activation))
            {
                gone.Add(activation.DeactivateAsync(reason));
            }
        }
        return Task.WhenAll(gone);
    }

    /// <summary>Drops every activation without running hooks (a killed silo).</summary>
    public void AbandonAll()
    {
        foreach (var activation in AllActivations())
        {
            activation.Abandon();
        }
    }

    public List<GrainActivation> AllActivations()
    {
        var all = new List<GrainActivation>(_activations.Values);
        foreach (var group in _workers.Values)
        {
            lock (group)
            {
                all.AddRange(group);
            }
        }
        return all;
    }

    public void StartCollector() => _collector = CollectIdleAsync(_stopping.Token);

    private async Task CollectIdleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_collection.CollectionQuantum);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                int collected = 0;
                foreach (var activation in AllActivations())
                {
                    if (activation.State == ActivationState.Valid && activation.Scheduler.Outstanding == 0 && activation.IdleTime > activation.Descriptor.CollectionAge)
                    {
                        _ = activation.DeactivateAsync(DeactivationReason.IdleCollection);
                        collected++;
                    }
                }
                if (collected > 0)
                {
                    LogCollected(_logger, collected);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _collector.ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void LogActivationFailed(GrainId grainId, Exception exception) => LogActivationFailedCore(_logger, grainId, exception);

    public void LogDeactivationFailed(GrainId grainId, Exception exception) => LogDeactivationFailedCore(_logger, grainId, exception);

    public void LogTimerFailed(GrainId grainId, Exception exception) => LogTimerFailedCore(_logger, grainId, exception);

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Activation of grain {GrainId} failed")]
    private static partial void LogActivationFailedCore(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Deactivation hook of grain {GrainId} failed")]
    private static partial void LogDeactivationFailedCore(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Timer tick of grain {GrainId} failed")]
    private static partial void LogTimerFailedCore(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
