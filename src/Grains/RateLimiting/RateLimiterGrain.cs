using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
namespace OrleansSearch.Grains.RateLimiting;

/// <summary>A token bucket's level and when it was last refilled.</summary>
public sealed class TokenBucketState
{
    /// <summary>NaN until the first request: a new bucket starts full.</summary>
    public double Tokens { get; set; } = double.NaN;
    public DateTimeOffset RefilledAt { get; set; }
}

/// <summary>
/// One client's token bucket. Its level is saved in the volatile store (memory, or Redis so a bucket
/// survives a silo) at most once per <see cref="SaveInterval"/> and on deactivation — not on every request,
/// which would put a storage write on every lease. A silo crash can therefore forget up to one interval's
/// consumption: a client may get that many extra tokens once, which is acceptable for abuse protection.
/// </summary>
public sealed partial class RateLimiterGrain([PersistentState("bucket", StorageNames.Volatile)] IPersistentState<TokenBucketState> bucket, [FromKeyedServices(SearchClock.Key)] TimeProvider time, ILogger<RateLimiterGrain> logger) : Grain, IRateLimiterGrain
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(SaveIfChangedAsync, new GrainTimerCreationOptions(SaveInterval, SaveInterval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await SaveIfChangedAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A silo shutting down may already have lost its volatile store (memory storage lives in grains
            // too); the bucket is then lost with it, as that store promises. Nothing for an operator to do.
            LogNotSaved(logger, exception);
        }
    }

    public Task<TokenGrant> Take(int requested, RatePlan plan)
    {
        CheckPlan(requested, plan);
        RefillToNow(plan);
        var state = bucket.State;
        int granted = (int)Math.Min(requested, Math.Floor(state.Tokens));
        if (granted > 0)
        {
            state.Tokens -= granted;
            return Task.FromResult(new TokenGrant(granted, TimeSpan.Zero));
        }
        var wait = TimeSpan.FromSeconds((1 - state.Tokens) / plan.TokensPerSecond);
        return Task.FromResult(new TokenGrant(0, wait));
    }

    public Task Return(int unspent, RatePlan plan)
    {
        CheckPlan(unspent, plan);
        RefillToNow(plan);
        bucket.State.Tokens = Math.Min(plan.Capacity, bucket.State.Tokens + unspent);
        return Task.CompletedTask;
    }

    private async Task SaveIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            await bucket.WriteStateAsync(cancellationToken);
        }
    }

    private static void CheckPlan(int tokens, RatePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (tokens < 1 || plan.Capacity < 1 || plan.TokensPerSecond <= 0 || !double.IsFinite(plan.Capacity) || !double.IsFinite(plan.TokensPerSecond))
        {
            throw new InvalidArgumentException($"Invalid token request: {tokens} tokens of a plan with capacity {plan.Capacity} and {plan.TokensPerSecond}/s; both must be positive.");
        }
    }

    private void RefillToNow(RatePlan plan)
    {
        var state = bucket.State;
        var now = time.GetUtcNow();
        state.Tokens = double.IsNaN(state.Tokens) ? plan.Capacity : Math.Min(plan.Capacity, state.Tokens + ((now - state.RefilledAt).TotalSeconds * plan.TokensPerSecond));
        state.RefilledAt = now;
        _dirty = true;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Rate-limit bucket not saved on deactivation: the volatile store is gone")]
    private static partial void LogNotSaved(ILogger logger, Exception exception);
}
