namespace OrleansSearch.Silo.Storage.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time: silos on a loaded 2-core machine are slow to agree.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; on timeout fails with <paramref name="describe"/>'s account of the last state.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        Exception? lastError = null;
        while (DateTime.UtcNow < end)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
                lastError = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A silo still joining answers with errors for a while: keep trying until the deadline.
                lastError = e;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Condition not met within {(deadline ?? DefaultDeadline).TotalSeconds} s: {describe()}{(lastError is null ? "" : $"\nLast error: {lastError}")}");
    }
}
