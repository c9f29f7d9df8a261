namespace OrleansSearch.Tests.Support;

/// <summary>A clock that moves only when the test says so, for grains that read the time through <see cref="TimeProvider"/>.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "A clock only moves forward.");
        }
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
