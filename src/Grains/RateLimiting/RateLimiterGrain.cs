using OrleansSearch.Runtime;

namespace OrleansSearch.Grains.RateLimiting;

/// <summary>
/// One client's token bucket. In memory only: a lost activation restarts full, which can let through
/// at most one extra bucket's worth after a silo failure — acceptable for abuse protection, and it
/// keeps every request free of a storage write.
/// </summary>
public sealed class RateLimiterGrain(TimeProvider time) : Grain, IRateLimiterGrain
{
    private double _tokens = double.NaN;
    private DateTimeOffset _refilledAt;

    public Task<TokenGrant> Take(int requested, RatePlan plan)
    {
        CheckPlan(requested, plan);
        RefillToNow(plan);
        int granted = (int)Math.Min(requested, Math.Floor(_tokens));
        if (granted > 0)
        {
            _tokens -= granted;
            return Task.FromResult(new TokenGrant(granted, TimeSpan.Zero));
        }
        var wait = TimeSpan.FromSeconds((1 - _tokens) / plan.TokensPerSecond);
        return Task.FromResult(new TokenGrant(0, wait));
    }

    public Task Return(int unspent, RatePlan plan)
    {
        CheckPlan(unspent, plan);
        RefillToNow(plan);
        _tokens = Math.Min(plan.Capacity, _tokens + unspent);
        return Task.CompletedTask;
    }

    private static void CheckPlan(int tokens, RatePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (tokens < 1 || plan.Capacity < 1 || plan.TokensPerSecond <= 0 || !double.IsFinite(plan.Capacity) || !double.IsFinite(plan.TokensPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(plan), $"Invalid token request: {tokens} tokens of a plan with capacity {plan.Capacity} and {plan.TokensPerSecond}/s; both must be positive.");
        }
    }

    private void RefillToNow(RatePlan plan)
    {
        var now = time.GetUtcNow();
        _tokens = double.IsNaN(_tokens) ? plan.Capacity : Math.Min(plan.Capacity, _tokens + (now - _refilledAt).TotalSeconds * plan.TokensPerSecond);
        _refilledAt = now;
    }
}
