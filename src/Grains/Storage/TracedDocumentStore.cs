using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// Spans around every document store call (ActivitySource <see cref="SourceName"/>), children of the grain call that
/// made them: a trace of a write or of a shard's activation shows how long the database took. Tagged with the
/// index and shard, never with document contents. Costs nothing when no tracer listens.
/// </summary>
public sealed class TracedDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public const string SourceName = "OrleansSearch.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    /// <summary>Not traced: readiness probes every few seconds would drown the useful spans.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public async Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        using var activity = Start("store write", index, shard);
        activity?.SetTag("orleanssearch.documents", changes.Count);
        await Traced(activity, inner.WriteAsync(index, shard, changes, cancellationToken));
    }

    public async IAsyncEnumerable<DocumentChange> ReadChangesAsync(string index, int shard, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = Start("store read changes", index, shard);
        int count = 0;
        await foreach (var change in inner.ReadChangesAsync(index, shard, afterSequence, cancellationToken))
        {
            count++;
            yield return change;
        }
        activity?.SetTag("orleanssearch.documents", count);
    }

    public async Task<DocumentChange?> ReadAsync(string index, int shard, string id, CancellationToken cancellationToken)
    {
        using var activity = Start("store read", index, shard);
        return await Traced(activity, inner.ReadAsync(index, shard, id, cancellationToken));
    }

    public async Task<ShardSnapshotRow?> ReadSnapshotAsync(string index, int shard, CancellationToken cancellationToken)
    {
        using var activity = Start("store read snapshot", index, shard);
        return await Traced(activity, inner.ReadSnapshotAsync(index, shard, cancellationToken));
    }

    public async Task WriteSnapshotAsync(string index, int shard, long sequence, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var activity = Start("store write snapshot", index, shard);
        activity?.SetTag("orleanssearch.snapshot.bytes", payload.Length);
        await Traced(activity, inner.WriteSnapshotAsync(index, shard, sequence, payload, cancellationToken));
    }

    public async Task DropAsync(string index, int shard, CancellationToken cancellationToken)
    {
        using var activity = Start("store drop", index, shard);
        await Traced(activity, inner.DropAsync(index, shard, cancellationToken));
    }

    private static Activity? Start(string name, string index, int shard)
    {
        var activity = Source.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("orleanssearch.index", index);
        activity?.SetTag("orleanssearch.shard", shard);
        return activity;
    }

    private static async Task Traced(Activity? activity, Task operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception exception) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    private static async Task<T> Traced<T>(Activity? activity, Task<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception exception) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }
}
