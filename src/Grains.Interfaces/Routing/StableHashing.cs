using System.Runtime.CompilerServices;

namespace OrleansSearch.Grains;

/// <summary>
/// Hashes that are the same in every process and on every run, for values hashed across processes and
/// releases (document → shard routing, cache keys). <c>string.GetHashCode</c> is randomized per process,
/// so it must never be used there. FNV-1a over UTF-16 code units, then the SplitMix64 finalizer: FNV alone
/// mixes its high bits poorly. Stored documents live in the shard their id hashes to, so this must never change.
/// </summary>
public static class StableHashing
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<char> text)
    {
        ulong hash = FnvOffsetBasis;
        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }
        return Mix(hash);
    }

    /// <summary>Combines two hashes into one, order-sensitively.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong first, ulong second) => Mix(first ^ (second + 0x9E3779B97F4A7C15UL + (first << 6) + (first >> 2)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
