using OrleansSearch.Grains;
using OrleansSearch.Grains.Storage;

namespace OrleansSearch.Tests.Support;

/// <summary>How <see cref="SimulatedOutageStore"/> fails writes.</summary>
public enum SimulatedStoreFailure
{
    None,

    /// <summary>Refused before anything was committed, as the real store reports an unreachable database; pings fail too.</summary>
    Unreachable,

    /// <summary>Committed, then the connection broke before the answer came back.</summary>
    CommitAnswerLost,
}

/// <summary>
/// The real store, failing writes the way the SQL store reports a database outage, while and where a test says so:
/// what a shard grain and the gateway must make of <see cref="StoreUnavailableException"/> and
/// <see cref="WriteOutcomeUnknownException"/> without stopping a database.
/// </summary>
public sealed class SimulatedOutageStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
{
    private volatile SimulatedStoreFailure _failure;
    private volatile int _shard = -1;

    /// <summary>What writes meet from now on (the test and the silo share a process).</summary>
    public SimulatedStoreFailure Failure
    {
        get => _failure;
        set => _failure = value;
    }

    /// <summary>Only this shard's writes fail; null: every shard's.</summary>
    public int? Shard
    {
        get => _shard < 0 ? null : _shard;
        set => _shard = value ?? -1;
    }

    public override async Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        var failure = Shard is null || Shard == shard ? Failure : SimulatedStoreFailure.None;
        if (failure == SimulatedStoreFailure.Unreachable)
        {
            throw new StoreUnavailableException("The document store cannot be reached (simulated); nothing was written.");
        }
        await base.WriteAsync(index, shard, changes, cancellationToken);
        if (failure == SimulatedStoreFailure.CommitAnswerLost)
        {
            throw new WriteOutcomeUnknownException("The connection broke while committing (simulated): the write may or may not be stored.");
        }
    }

    public override Task PingAsync(CancellationToken cancellationToken) => Failure == SimulatedStoreFailure.Unreachable
        ? throw new StoreUnavailableException("The document store cannot be reached (simulated).")
        : base.PingAsync(cancellationToken);
}
