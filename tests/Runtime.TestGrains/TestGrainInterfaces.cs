namespace OrleansSearch.Runtime.Tests.Grains;

[GrainType("turns")]
public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Holds the turn for a moment and records how many turns overlapped.</summary>
    Task Write(int delayMs);

    [ReadOnly]
    Task Read(int delayMs);

    [ReadOnly]
    Task<int> MaxConcurrency();

    [ReadOnly]
    Task<int> Calls();

    /// <summary>Times a write ran alongside another turn, or a read alongside a write.</summary>
    [ReadOnly]
    Task<int> WriteOverlaps();
}

[GrainType("counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the persisted counter and writes it before answering.</summary>
    Task<int> Add(int amount);

    [ReadOnly]
    Task<int> Get();

    [ReadOnly]
    Task<string> SiloName();
}

[GrainType("lifecycle")]
public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task StartTimer(int periodMs);

    Task Deactivate();
}

[GrainType("chain")]
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls the next grain of the path, which calls the next, and so on.</summary>
    Task<string> CallThrough(string[] path);

    Task<string> Fail(string message);

    Task<int> Echo(int value);

    Task<byte[]> Bytes(int length);

    Task<int> Length(byte[] payload);

    Task<int> AcceptStream(System.IO.Stream stream);

    Task Sleep(int delayMs, CancellationToken cancellationToken);

    [ReadOnly]
    Task<bool> WasCancelled();
}

[GrainType("reentrant-chain")]
public interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<string> CallThrough(string[] path);
}

[GrainType("worker")]
public interface IWorkerGrain : IGrainWithStringKey
{
    Task<string> Work(int delayMs);
}

[GrainType("not-hosted")]
public interface INotHostedGrain : IGrainWithStringKey
{
    Task<int> Anything();
}
