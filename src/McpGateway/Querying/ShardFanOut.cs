using System.Diagnostics;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Sends one call per shard, each to one copy of the shard, and collects the answers under one deadline
/// (<see cref="GatewayLimits.ShardTimeout"/>). A copy that fails is replaced at once by the next copy; a copy that
/// has not answered after <see cref="GatewayLimits.ShardHedgeDelay"/> gets the next copy asked beside it (a hedge:
/// the first answer wins; after the last copy, the first is asked again). So a dead or loading silo costs a query at most the hedge delay, not the deadline. A shard
/// where every copy failed is asked again, round after round, until the deadline; a shard no copy answered for by
/// then is named in <c>missing</c>, or fails the request when partial answers are not allowed.
/// </summary>
internal sealed class ShardFanOut(IGrainFactory grains, ShardCopyChooser chooser, GatewayLimits limits, GatewayInstruments instruments, TimeProvider time)
{
    /// <summary>The pause before asking every copy of a shard again after all of them failed.</summary>
    private static readonly TimeSpan RetryRoundDelay = TimeSpan.FromMilliseconds(100);

    public async Task<T?[]> CallAsync<T>(string index, IndexSpec spec, Func<IShardGrain, Task<T>> call, SortedSet<int> missing, bool allowPartial, CancellationToken cancellationToken)
        where T : class
    {
        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.ShardTimeout);
        var calls = new Task<ShardAnswer<T>>[spec.ShardCount];
        for (int shard = 0; shard < spec.ShardCount; shard++)
        {
            calls[shard] = missing.Contains(shard) ? Task.FromResult(ShardAnswer<T>.Skipped) : CallShardAsync(index, shard, spec.Copies, call, deadline.Token);
        }
        var answers = await Task.WhenAll(calls);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new T?[spec.ShardCount];
        for (int shard = 0; shard < spec.ShardCount; shard++)
        {
            var answer = answers[shard];
            if (answer.Value is not null || answer.IsSkipped)
            {
                results[shard] = answer.Value;
                continue;
            }
            if (answer.Error is SearchRequestException || !allowPartial)
            {
                throw Failure(answer, shard);
            }
            missing.Add(shard);
        }
        instruments.FanOutCompleted(stopwatch.Elapsed);
        return results;
    }

    /// <summary>One call to one shard, with the same copy choice, hedging and retries as a fan-out; its errors are the request's.</summary>
    public async Task<T> CallOneAsync<T>(string index, IndexSpec spec, int shard, Func<IShardGrain, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.ShardTimeout);
        var answer = await CallShardAsync(index, shard, spec.Copies, call, deadline.Token);
        cancellationToken.ThrowIfCancellationRequested();
        return answer.Value ?? throw Failure(answer, shard);
    }

    /// <summary>What a shard without an answer means for the request: the request's own error, or the cluster's (503/504).</summary>
    private GatewayException Failure<T>(ShardAnswer<T> answer, int shard)
        where T : class
        => answer.Error is not null
            ? GrainErrors.Translate(answer.Error)
            : new GatewayException(504, ErrorCodes.ShardTimeout, $"Shard {shard} did not answer within {limits.ShardTimeout.TotalMilliseconds:0} ms; retry, or allow partial results.");

    /// <summary>One shard: the copies in the chooser's order, the next one started on a failure or after the hedge delay.</summary>
    private async Task<ShardAnswer<T>> CallShardAsync<T>(string index, int shard, int copies, Func<IShardGrain, Task<T>> call, CancellationToken deadline)
        where T : class
    {
        int[] order = chooser.Order(index, shard, copies);
        var attempts = new List<(int Copy, Task<T> Call)>(copies);
        var expired = Task.Delay(Timeout.InfiniteTimeSpan, deadline);
        Exception? lastError = null;
        int next = 0;
        while (true)
        {
            if (next < order.Length && attempts.TrueForAll(attempt => attempt.Call.IsCompleted))
            {
                // Nothing in flight: ask the next copy now.
                attempts.Add((order[next], Start(index, shard, order[next], call)));
                next++;
            }
            var inFlight = attempts.Where(attempt => !attempt.Call.IsCompleted).Select(attempt => (Task)attempt.Call).ToList();
            if (inFlight.Count == 0)
            {
                if (lastError is ShardUnavailableException)
                {
                    // Every copy refused to load (a corrupt snapshot): asking again gives the same answer.
                    return ShardAnswer<T>.Failed(lastError);
                }
                // Every copy failed at once: typically the connection they all went through broke with its silo.
                // The client reconnects elsewhere; go round the copies again while the deadline allows.
                try
                {
                    await Task.Delay(RetryRoundDelay, time, deadline);
                }
                catch (OperationCanceledException)
                {
                    return ShardAnswer<T>.Failed(lastError);
                }
                attempts.Clear();
                next = 0;
                continue;
            }
            // Hedge: the next copy asked beside the ones in flight. Once every copy has been asked and none answered,
            // they are asked again, one per hedge delay: a call can hang on the connection of a silo that just died
            // (until Orleans notices), and a new call goes out on a live connection.
            // A slow query is not re-sent to its only copy, and re-asks back off (double the delay each round), so a
            // query that is merely slow costs the shards a few extra calls at most.
            int round = (next - 1) / order.Length;
            Task hedge = next < order.Length ? Task.Delay(limits.ShardHedgeDelay, time, deadline)
                : order.Length > 1 ? Task.Delay(limits.ShardHedgeDelay * (1 << Math.Min(round, 4)), time, deadline)
                : expired;
            var finished = await Task.WhenAny([.. inFlight, hedge, expired]);
            if (finished == expired || deadline.IsCancellationRequested)
            {
                return ShardAnswer<T>.Failed(lastError);
            }
            if (finished == hedge)
            {
                attempts.Add((order[next % order.Length], Start(index, shard, order[next % order.Length], call)));
                next++;
                continue;
            }
            var (copy, done) = attempts.First(attempt => attempt.Call == finished);
            if (done.IsCompletedSuccessfully)
            {
                chooser.Answered(index, shard, copy);
                foreach (var slower in attempts.Where(attempt => !attempt.Call.IsCompleted))
                {
                    // Outrun by a hedge: probably loading or on a silo in trouble; the next queries ask the others first.
                    chooser.Failed(index, shard, slower.Copy);
                }
                return new ShardAnswer<T>(done.Result, null);
            }
            var error = done.Exception!.InnerException!;
            if (error is SearchRequestException)
            {
                // The request is wrong for every copy alike: no point asking another.
                return ShardAnswer<T>.Failed(error);
            }
            chooser.Failed(index, shard, copy);
            lastError = error;
        }
    }

    private Task<T> Start<T>(string index, int shard, int copy, Func<IShardGrain, Task<T>> call)
        => call(grains.GetGrain<IShardGrain>(ShardKeys.For(index, shard, copy)));

    /// <summary>What one shard gave: a value, or no value and the last error (none: the deadline passed).</summary>
    private readonly record struct ShardAnswer<T>(T? Value, Exception? Error, bool IsSkipped = false)
        where T : class
    {
        public static ShardAnswer<T> Skipped => new(null, null, true);

        public static ShardAnswer<T> Failed(Exception? error) => new(null, error);
    }
}
