namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The precision every membership provider keeps: UTC, whole milliseconds. SQLite stores Unix
/// milliseconds and PostgreSQL microseconds, so all providers (memory included) truncate to the
/// coarsest to read back exactly what any of them would.
/// </summary>
internal static class StoredTime
{
    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }
}
