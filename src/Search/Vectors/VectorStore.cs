namespace OrleansSearch.Search.Vectors;

/// <summary>
/// The vectors of one index in one contiguous float array (slot i at [i·dimension, (i+1)·dimension)), with the
/// document ordinal and id of each slot and a tombstone flag. Slots are append-only: a delete only marks the
/// slot, so graph links that point at it stay valid until the index is compacted.
/// </summary>
internal sealed class VectorStore
{
    private float[] _vectors;
    private int[] _ordinals;
    private string[] _ids;
    private bool[] _deleted;
    private int[] _slotByOrdinal = [];
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);

    public VectorStore(int dimension, int capacity = 16)
    {
        Dimension = dimension;
        capacity = Math.Max(capacity, 1);
        _vectors = new float[capacity * dimension];
        _ordinals = new int[capacity];
        _ids = new string[capacity];
        _deleted = new bool[capacity];
    }

    public int Dimension { get; }

    /// <summary>Number of slots, live and deleted.</summary>
    public int SlotCount { get; private set; }

    public int DeletedCount { get; private set; }

    public int LiveCount => SlotCount - DeletedCount;

    public int Capacity => _ordinals.Length;

    /// <summary>The whole backing array; slot i starts at i·<see cref="Dimension"/>. Valid for the first <see cref="SlotCount"/> slots.</summary>
    public float[] RawVectors => _vectors;

    public ReadOnlySpan<float> Vector(int slot) => new(_vectors, slot * Dimension, Dimension);

    public int Ordinal(int slot) => _ordinals[slot];

    public string Id(int slot) => _ids[slot];

    public bool IsDeleted(int slot) => _deleted[slot];

    public bool TryGetSlot(string id, out int slot) => _slotById.TryGetValue(id, out slot);

    public bool TryGetSlotByOrdinal(int ordinal, out int slot)
    {
        if ((uint)ordinal < (uint)_slotByOrdinal.Length && _slotByOrdinal[ordinal] > 0)
        {
            slot = _slotByOrdinal[ordinal] - 1;
            return true;
        }

        slot = -1;
        return false;
    }

    /// <summary>Appends a vector (already validated and, for cosine, normalised) and returns its slot.</summary>
    public int Append(int ordinal, string id, ReadOnlySpan<float> vector, bool deleted = false)
    {
        int slot = SlotCount;
        if (slot == Capacity)
        {
            Grow();
        }

        vector.CopyTo(_vectors.AsSpan(slot * Dimension, Dimension));
        _ordinals[slot] = ordinal;
        _ids[slot] = id;
        _deleted[slot] = deleted;
        SlotCount++;
        if (deleted)
        {
            DeletedCount++;
            return slot;
        }

        _slotById[id] = slot;
        if (ordinal >= _slotByOrdinal.Length)
        {
            Array.Resize(ref _slotByOrdinal, Math.Max(ordinal + 1, _slotByOrdinal.Length * 2));
        }

        // Stored as slot + 1 so that the zero-filled array means "no slot" without an initial fill.
        _slotByOrdinal[ordinal] = slot + 1;
        return slot;
    }

    /// <summary>Marks the slot of <paramref name="id"/> deleted; returns false when the id is not live.</summary>
    public bool Delete(string id)
    {
        if (!_slotById.Remove(id, out int slot))
        {
            return false;
        }

        _deleted[slot] = true;
        _slotByOrdinal[_ordinals[slot]] = 0;
        DeletedCount++;
        return true;
    }

    /// <summary>
    /// Moves every live slot to the document ordinal <paramref name="newOrdinal"/>[old] after the caller renumbered
    /// its documents. Deleted slots keep their stale ordinal: nothing looks them up by ordinal.
    /// </summary>
    public void RemapOrdinals(ReadOnlySpan<int> newOrdinal)
    {
        Array.Clear(_slotByOrdinal);
        for (int slot = 0; slot < SlotCount; slot++)
        {
            if (_deleted[slot])
            {
                continue;
            }

            int ordinal = newOrdinal[_ordinals[slot]];
            _ordinals[slot] = ordinal;
            _slotByOrdinal[ordinal] = slot + 1;
        }
    }

    /// <summary>Approximate bytes held: vectors, ordinals, flags and id references at capacity, plus the id index.</summary>
    public long MemoryBytes => (long)Capacity * ((Dimension * sizeof(float)) + sizeof(int) + sizeof(bool) + IntPtr.Size)
        + ((long)_slotByOrdinal.Length * sizeof(int))
        + ((long)_slotById.Count * 24);

    private void Grow()
    {
        int capacity = Capacity * 2;
        Array.Resize(ref _vectors, capacity * Dimension);
        Array.Resize(ref _ordinals, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _deleted, capacity);
    }
}
