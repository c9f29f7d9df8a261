using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Software prefetch of vector data the graph search is about to read (as hnswlib does with _mm_prefetch).
/// A prefetch is only a hint: if the GC moves the array meanwhile, a stale address costs nothing but the hint.
/// On CPUs without SSE it does nothing.
/// </summary>
internal static class Prefetch
{
    private const int CacheLine = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Range(float[] array, int start, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* first = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start));
        byte* end = first + (length * sizeof(float));
        for (byte* line = first; line < end; line += CacheLine)
        {
            Sse.Prefetch0(line);
        }
    }
}
