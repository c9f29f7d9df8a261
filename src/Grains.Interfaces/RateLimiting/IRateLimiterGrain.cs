using System.Diagnostics.CodeAnalysis;

namespace OrleansSearch.Grains;

/// <summary>A client's rate plan: a token bucket of <paramref name="Capacity"/> tokens refilled at <paramref name="TokensPerSecond"/>.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.RatePlan")]
public sealed record RatePlan([property: Id(0)] double Capacity, [property: Id(1)] double TokensPerSecond);

/// <summary>The answer to a token request: how many were granted and, if none, when to retry.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.TokenGrant")]
public sealed record TokenGrant([property: Id(0)] int Granted, [property: Id(1)] TimeSpan RetryAfter);

/// <summary>
/// One client's token bucket, keyed by client id. Gateways take tokens in small leases (several
/// requests' worth at once) so a request usually costs no grain call; the accuracy bound this gives
/// is documented in the gateway's rate limiter.
/// </summary>
[Alias("OrleansSearch.IRateLimiterGrain")]
public interface IRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>Takes up to <paramref name="requested"/> tokens (at least 1 when any is available).</summary>
    [Alias("Take")]
    Task<TokenGrant> Take(int requested, RatePlan plan);

    /// <summary>
    /// Puts back tokens a gateway took but did not spend before its lease ran out (never above the plan's
    /// capacity), so a client whose requests are slower than the lease loses none of its plan.
    /// </summary>
    [Alias("Return")]
    [SuppressMessage("Naming", "CA1716", Justification = "A grain interface is implemented and called from C# only; the name is also its [Alias] on the wire.")]
    Task Return(int unspent, RatePlan plan);
}
