namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Waits for a condition another thread makes true, under a generous deadline (a loaded 2-core machine), never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"Not within {Deadline.TotalSeconds} s: {what}.");
            }
            await Task.Delay(10);
        }
    }
}
