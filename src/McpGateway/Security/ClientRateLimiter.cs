using System.Collections.Concurrent;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Security;

/// <summary>
/// Per-client rate limits on the client's rate-limiter grain, taken in leases of <see cref="LeaseSize"/>
/// tokens so most requests cost no grain call.
/// </summary>
/// <remarks>
/// Accuracy bound: a gateway holds at most <c>LeaseSize − 1</c> unspent tokens per client, for at most
/// <see cref="LeaseLifetime"/>. With M gateways a client can therefore get up to M × (LeaseSize − 1)
/// requests beyond what its bucket would allow at that instant, and a client's tokens stranded in one
/// gateway's lease are unavailable to the others for up to a second. Tokens left in an expired lease go
/// back to the bucket with the next lease, so none of the plan is lost to slow requests. With the defaults (lease 5) and a
/// single gateway, a burst exceeds the plan by at most 4 requests.
/// </remarks>
internal sealed class ClientRateLimiter(IGrainFactory grains, GatewayInstruments instruments, IServiceProvider services)
{
    /// <summary>The search clock when a silo is hosted here (tests replace it with fake time), else the system clock.</summary>
    private readonly TimeProvider _time = services.GetKeyedService<TimeProvider>(SearchClock.Key) ?? TimeProvider.System;

    public const int LeaseSize = 5;
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public async Task AcquireAsync(Caller caller)
    {
        var lease = _leases.GetOrAdd(caller.ClientId, _ => new Lease(_time));
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
            TokenGrant grant;
            try
            {
                var bucket = grains.GetGrain<IRateLimiterGrain>(caller.ClientId);
                var plan = new RatePlan(caller.Plan.Capacity, caller.Plan.PerSecond);
                int unspent = lease.TakeUnspent();
                if (unspent > 0)
                {
                    await bucket.Return(unspent, plan);
                }
                grant = await bucket.Take(LeaseSize, plan);
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

    private sealed class Lease(TimeProvider time)
    {
        private int _tokens;
        private long _expiresAt;

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

        /// <summary>Empties an expired lease and says how many tokens it still held (they go back to the bucket).</summary>
        public int TakeUnspent() => Interlocked.Exchange(ref _tokens, 0);

        public void Fill(int tokens)
        {
            Volatile.Write(ref _expiresAt, time.GetTimestamp() + (long)(LeaseLifetime.TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref _tokens, tokens);
        }
    }
}
