using System.Collections.Concurrent;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Security;

/// <summary>
/// Per-client rate limits on the client's rate-limiter grain (<see cref="Caller.BucketKey"/>), taken in leases of
/// <see cref="LeaseSize"/> tokens so most requests cost no grain call.
/// </summary>
/// <remarks>
/// <para>Accuracy bound: a gateway holds at most <c>LeaseSize − 1</c> unspent tokens per client, for at most
/// <see cref="LeaseLifetime"/>. With M gateways a client can therefore get up to M × (LeaseSize − 1)
/// requests beyond what its bucket would allow at that instant, and a client's tokens stranded in one
/// gateway's lease are unavailable to the others for up to a second. Tokens left in an expired lease go
/// back to the bucket with the next lease, so none of the plan is lost to slow requests. With the defaults (lease 5) and a
/// single gateway, a burst exceeds the plan by at most 4 requests.</para>
/// <para>Fail open: a bucket grain that does not answer within <see cref="GatewayLimits.RateLimitBucketTimeout"/> (its
/// silo died and Orleans has not noticed yet, or the cluster is unreachable) must not stall the client's queries until
/// Orleans' response timeout. The client is let through unlimited for one lease (<see cref="LeaseLifetime"/>), then the
/// bucket is asked again: abuse protection lapses for at most that long per attempt, while a real outage fails the
/// query itself soon after. Each such lease counts in <c>orleanssearch.gateway.rate_limit.buckets_unavailable</c>; the
/// first of an episode is logged at Warning, and the bucket answering again at Information. Tokens a timed-out call
/// took anyway are lost to the client for that refill.</para>
/// </remarks>
internal sealed partial class ClientRateLimiter(IGrainFactory grains, GatewayInstruments instruments, GatewayLimits limits, ILogger<ClientRateLimiter> logger, IServiceProvider services)
{
    /// <summary>The search clock when a silo is hosted here (tests replace it with fake time), else the system clock.</summary>
    private readonly TimeProvider _time = services.GetKeyedService<TimeProvider>(SearchClock.Key) ?? TimeProvider.System;

    public const int LeaseSize = 5;
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>1 while bucket calls are failing (between the Warning and the recovery line), else 0.</summary>
    private int _bucketsUnavailable;

    public async Task AcquireAsync(Caller caller)
    {
        var lease = _leases.GetOrAdd(caller.BucketKey, _ => new Lease(_time));
        if (lease.TryTake())
        {
            return;
        }
        await lease.Refill.WaitAsync();
        try
        {
            if (lease.TryTake())
            {
                return;
            }
            var plan = new RatePlan(caller.Plan.Capacity, caller.Plan.PerSecond);
            var refill = RefillAsync(grains.GetGrain<IRateLimiterGrain>(caller.BucketKey), lease.TakeUnspent(), plan);
            TokenGrant grant;
            try
            {
                grant = await refill.WaitAsync(limits.RateLimitBucketTimeout, _time);
                BucketAnswered();
            }
            catch (Exception exception) when (IsUnavailable(exception))
            {
                // The abandoned call may still fail later: observe it, so it is not reported as unobserved.
                _ = refill.ContinueWith(static call => _ = call.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                BucketUnavailable(caller, exception);
                lease.OpenUntilExpiry();
                return;
            }
            catch (Exception exception)
            {
                throw GrainErrors.Translate(exception);
            }
            if (grant.Granted == 0)
            {
                instruments.RateLimited(caller.ClientId);
                throw new GatewayException(429, ErrorCodes.RateLimited,
                    $"Client '{caller.ClientId}' is over its rate plan ({caller.Plan.Capacity} burst, {caller.Plan.PerSecond}/s); retry after {grant.RetryAfter.TotalSeconds:0.###} s.",
                    grant.RetryAfter);
            }
            lease.Fill(grant.Granted - 1);
        }
        finally
        {
            lease.Refill.Release();
        }
    }

    /// <summary>Gives an expired lease's unspent tokens back and takes a new lease, as one call the caller can time out.</summary>
    private static async Task<TokenGrant> RefillAsync(IRateLimiterGrain bucket, int unspent, RatePlan plan)
    {
        if (unspent > 0)
        {
            await bucket.Return(unspent, plan);
        }
        return await bucket.Take(LeaseSize, plan);
    }

    /// <summary>Our timeout, or what the gateway answers 503 for (a silo gone, the cluster unreachable or shedding load).</summary>
    private static bool IsUnavailable(Exception exception) => exception is TimeoutException || GrainErrors.Translate(exception).Status == StatusCodes.Status503ServiceUnavailable;

    private void BucketUnavailable(Caller caller, Exception exception)
    {
        instruments.RateLimitBucketUnavailable();
        if (Interlocked.Exchange(ref _bucketsUnavailable, 1) == 0)
        {
            LogBucketsUnavailable(logger, caller.ClientId, limits.RateLimitBucketTimeout.TotalMilliseconds, LeaseLifetime.TotalSeconds, exception.GetType().Name, exception.Message);
        }
    }

    private void BucketAnswered()
    {
        if (Volatile.Read(ref _bucketsUnavailable) == 1 && Interlocked.Exchange(ref _bucketsUnavailable, 0) == 1)
        {
            LogBucketsAnswering(logger);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "Rate-limit bucket of client {ClientId} did not answer within {TimeoutMs} ms ({ExceptionType}: {Reason}); clients are let through unlimited for {LeaseSeconds} s at a time until buckets answer again")]
    private static partial void LogBucketsUnavailable(ILogger logger, string clientId, double timeoutMs, double leaseSeconds, string exceptionType, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Rate-limit buckets answer again; rate limits apply")]
    private static partial void LogBucketsAnswering(ILogger logger);

    private sealed class Lease(TimeProvider time)
    {
        private int _tokens;
        private long _expiresAt;

        /// <summary>An open lease lets every request through until it expires; it holds no tokens of the bucket.</summary>
        private volatile bool _open;

        public SemaphoreSlim Refill { get; } = new(1, 1);

        public bool TryTake()
        {
            while (true)
            {
                int tokens = Volatile.Read(ref _tokens);
                if (tokens <= 0 || time.GetTimestamp() > Volatile.Read(ref _expiresAt))
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref _tokens, tokens - 1, tokens) == tokens)
                {
                    return true;
                }
            }
        }

        /// <summary>Empties an expired lease and says how many of the bucket's tokens it still held (they go back to the bucket).</summary>
        public int TakeUnspent()
        {
            int unspent = Interlocked.Exchange(ref _tokens, 0);
            return _open ? 0 : unspent;
        }

        public void Fill(int tokens)
        {
            _open = false;
            Start(tokens);
        }

        /// <summary>Fail open: every request passes until the lease expires.</summary>
        public void OpenUntilExpiry()
        {
            _open = true;
            Start(int.MaxValue);
        }

        private void Start(int tokens)
        {
            Volatile.Write(ref _expiresAt, time.GetTimestamp() + (long)(LeaseLifetime.TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref _tokens, tokens);
        }
    }
}
