namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Draws HNSW node levels from the exponential distribution of Malkov &amp; Yashunin (level = ⌊−ln(U)·mL⌋,
/// mL = 1/ln(M)). It uses SplitMix64 rather than <see cref="Random"/> because its whole state is one
/// <see cref="ulong"/>: a snapshot stores it, so an index loaded from a snapshot keeps drawing the same levels
/// the original would have, and builds from the same seed are identical.
/// </summary>
internal sealed class LevelGenerator
{
    private const int MaxLevel = 30;
    private readonly double _levelMultiplier;

    public LevelGenerator(int maxConnections, ulong state)
    {
        _levelMultiplier = 1.0 / Math.Log(maxConnections);
        State = state;
    }

    public ulong State { get; private set; }

    /// <summary>Continues from a state read from a snapshot.</summary>
    public void Reset(ulong state) => State = state;

    public int NextLevel()
    {
        // 53 random bits give a uniform double in [0, 1); 1 − u is then in (0, 1], so the log is finite.
        double uniform = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        double level = -Math.Log(1.0 - uniform) * _levelMultiplier;
        return (int)Math.Min(level, MaxLevel);
    }

    private ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
