using System.Collections.Concurrent;

namespace OrleansSearch.Runtime.Tests.Grains;

public sealed class TurnGrain : Grain, ITurnGrain
{
    private int _running;
    private int _writers;
    private int _readers;
    private int _maxConcurrency;
    private int _writeOverlaps;
    private int _calls;

    public Task Write(int delayMs) => Hold(delayMs, write: true);

    public Task Read(int delayMs) => Hold(delayMs, write: false);

    private async Task Hold(int delayMs, bool write)
    {
        // A write that starts while anything runs, or a read that starts during a write, is an overlap
        // the turn discipline must never allow.
        bool overlapped = write
            ? Interlocked.Increment(ref _writers) > 1 || Volatile.Read(ref _readers) > 0
            : Interlocked.Increment(ref _readers) > 0 && Volatile.Read(ref _writers) > 0;
        if (overlapped)
        {
            Interlocked.Increment(ref _writeOverlaps);
        }
        int now = Interlocked.Increment(ref _running);
        int seen;
        while ((seen = Volatile.Read(ref _maxConcurrency)) < now && Interlocked.CompareExchange(ref _maxConcurrency, now, seen) != seen)
        {
        }
        Interlocked.Increment(ref _calls);
        if (delayMs > 0)
        {
            await Task.Delay(delayMs);
        }
        else
        {
            await Task.Yield();
        }
        Interlocked.Decrement(ref _running);
        Interlocked.Decrement(ref write ? ref _writers : ref _readers);
    }

    public Task<int> MaxConcurrency() => Task.FromResult(Volatile.Read(ref _maxConcurrency));

    public Task<int> WriteOverlaps() => Task.FromResult(Volatile.Read(ref _writeOverlaps));

    public Task<int> Calls() => Task.FromResult(Volatile.Read(ref _calls));
}

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);

    public Task<string> SiloName() => Task.FromResult(RuntimeIdentity);
}

/// <summary>Records lifecycle events of every lifecycle grain, for assertions.</summary>
public sealed class LifecycleLog
{
    public ConcurrentQueue<string> Events { get; } = new();
    public int TimerTicks;
}

[CollectionAge(1)]
public sealed class LifecycleGrain(LifecycleLog log) : Grain, ILifecycleGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Events.Enqueue($"activate {GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Events.Enqueue($"deactivate {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public Task<string> Ping() => Task.FromResult("pong");

    public Task StartTimer(int periodMs)
    {
        RegisterTimer(_ =>
        {
            Interlocked.Increment(ref log.TimerTicks);
            return Task.CompletedTask;
        }, TimeSpan.Zero, TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class ChainGrain : Grain, IChainGrain
{
    private bool _cancelled;

    public Task<string> CallThrough(string[] path) => ChainWalk.Next(GrainFactory, GetPrimaryKeyString(), path);

    public Task<string> Fail(string message) => throw new InvalidOperationException(message);

    public Task<int> Echo(int value) => Task.FromResult(value);

    public Task<byte[]> Bytes(int length) => Task.FromResult(new byte[length]);

    public Task<int> Length(byte[] payload) => Task.FromResult(payload.Length);

    public Task<int> AcceptStream(Stream stream) => Task.FromResult((int)stream.Length);

    public async Task Sleep(int delayMs, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delayMs, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled = true;
            throw;
        }
    }

    public Task<bool> WasCancelled() => Task.FromResult(_cancelled);
}

[Reentrant]
public sealed class ReentrantChainGrain : Grain, IReentrantChainGrain
{
    public Task<string> CallThrough(string[] path) => ChainWalk.Next(GrainFactory, GetPrimaryKeyString(), path);
}

/// <summary>Path entries are "chain:key" or "reentrant:key"; each grain calls the next and appends its key.</summary>
internal static class ChainWalk
{
    public static async Task<string> Next(IGrainFactory factory, string self, string[] path)
    {
        if (path.Length == 0)
        {
            return self;
        }
        var (kind, key) = (path[0].Split(':')[0], path[0].Split(':')[1]);
        var rest = path[1..];
        string tail = kind == "reentrant"
            ? await factory.GetGrain<IReentrantChainGrain>(key).CallThrough(rest)
            : await factory.GetGrain<IChainGrain>(key).CallThrough(rest);
        return $"{self}>{tail}";
    }
}

[StatelessWorker(4)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<string> Work(int delayMs)
    {
        await Task.Delay(delayMs);
        return $"{RuntimeIdentity}/{_activation}";
    }
}
