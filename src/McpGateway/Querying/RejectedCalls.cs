namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Retries a grain call that Orleans rejected before the grain ran it (its silo was stopping, or the message could
/// not be delivered): such a call changed nothing, so sending it again is safe even for a write. Anything else,
/// including a call that may have run, is the caller's to handle.
/// </summary>
internal static class RejectedCalls
{
    /// <summary>A silo's graceful stop takes its grains elsewhere within a second or two; this covers it on a loaded machine.</summary>
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(100);
    private const int Attempts = 20;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeProvider time)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (OrleansMessageRejectionException) when (attempt < Attempts)
            {
                await Task.Delay(Backoff, time);
            }
        }
    }
}
