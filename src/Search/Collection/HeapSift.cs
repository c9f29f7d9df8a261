namespace OrleansSearch.Search.Collection;

/// <summary>The slots of a collector's binary heap: which of two ranks worse, and how to swap them.</summary>
internal interface IHeapSlots
{
    /// <summary>Whether slot <paramref name="a"/> ranks worse than slot <paramref name="b"/> (belongs nearer the root).</summary>
    bool Worse(int a, int b);

    void Swap(int a, int b);
}

/// <summary>
/// Sifting for the collectors' worst-at-the-root heaps, written once. The slots are a struct type
/// parameter so the JIT specializes each collector's comparisons instead of calling through an interface.
/// </summary>
internal static class HeapSift
{
    public static void Up<TSlots>(TSlots slots, int index) where TSlots : struct, IHeapSlots
    {
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!slots.Worse(index, parent))
            {
                break;
            }

            slots.Swap(index, parent);
            index = parent;
        }
    }

    public static void Down<TSlots>(TSlots slots, int index, int count) where TSlots : struct, IHeapSlots
    {
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= count)
            {
                return;
            }

            var worst = left + 1 < count && slots.Worse(left + 1, left) ? left + 1 : left;
            if (!slots.Worse(worst, index))
            {
                return;
            }

            slots.Swap(index, worst);
            index = worst;
        }
    }
}
