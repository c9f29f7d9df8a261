using OrleansSearch.Runtime;

namespace OrleansSearch.Grains;

/// <summary>A client's rate plan: a token bucket of <paramref name="Capacity"/> tokens refilled at <paramref name="TokensPerSecond"/>.</summary>
public sealed record RatePlan(double Capacity, double TokensPerSecond);

/// <summary>The answer to a token request: how many were granted and, if none, when to retry.</summary>
public sealed record TokenGrant(int Granted, TimeSpan RetryAfter);

/// <summary>
/// One client's token bucket, keyed by client id. Gateways take tokens in small leases (several
/// requests' worth at once) so a request usually costs no grain call; the accuracy bound this gives
/// is documented in the gateway's rate limiter.
/// </summary>
[GrainType("rate-limiter")]
public interface IRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>Takes up to <paramref name="requested"/> tokens (at least 1 when any is available).</summary>
    Task<TokenGrant> Take(int requested, RatePlan plan);

    /// <summary>
    /// Puts back tokens a gateway took but did not spend before its lease ran out (never above the plan's
    /// capacity), so a client whose requests are slower than the lease loses none of its plan.
    /// </summary>
    Task Return(int unspent, RatePlan plan);
}
