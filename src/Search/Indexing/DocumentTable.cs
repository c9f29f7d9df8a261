namespace OrleansSearch.Search.Indexing;

/// <summary>
/// The documents of a shard by ordinal: their ids, which ordinals are deleted (a tombstone
/// bitset), and the ordinal of each live id. Ordinals only grow, so postings stay sorted by
/// appending; <see cref="ShardIndex.Compact"/> renumbers them densely.
/// </summary>
internal sealed class DocumentTable
{
    private readonly Dictionary<string, int> _ordinalById;
    private string[] _ids;
    private ulong[] _tombstones;

    public DocumentTable()
    {
        _ordinalById = new Dictionary<string, int>(StringComparer.Ordinal);
        _ids = new string[16];
        _tombstones = new ulong[1];
    }

    public DocumentTable(string[] ids, ulong[] tombstones)
    {
        _ids = ids.Length == 0 ? new string[16] : ids;
        Count = ids.Length;
        _tombstones = new ulong[Math.Max(1, (Math.Max(Count, 1) + 63) >> 6)];
        tombstones.AsSpan(0, Math.Min(tombstones.Length, _tombstones.Length)).CopyTo(_tombstones);
        _ordinalById = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < Count; ordinal++)
        {
            if (IsDeleted(ordinal))
            {
                DeletedCount++;
            }
            else if (!_ordinalById.TryAdd(ids[ordinal], ordinal))
            {
                throw new InvalidDataException($"Document id '{ids[ordinal]}' is live at two ordinals.");
            }
        }
    }

    /// <summary>Ordinals handed out, deleted ones included.</summary>
    public int Count { get; private set; }

    public int DeletedCount { get; private set; }

    public int LiveCount => Count - DeletedCount;

    /// <summary>Grows by one on every delete, so cached live counts know when they are stale.</summary>
    public long DeleteGeneration { get; private set; }

    public ReadOnlySpan<string> Ids => _ids.AsSpan(0, Count);

    public ReadOnlySpan<ulong> Tombstones => _tombstones.AsSpan(0, (Count + 63) >> 6);

    public long MemoryBytes
    {
        get
        {
            long bytes = ((long)_ids.Length * 8) + ((long)_tombstones.Length * 8) + 64;
            bytes += (long)_ordinalById.Count * 24 + 64;
            for (var i = 0; i < Count; i++)
            {
                bytes += 22 + (2L * _ids[i].Length);
            }

            return bytes;
        }
    }

    public string IdOf(int ordinal) => _ids[ordinal];

    public bool TryGetOrdinal(string id, out int ordinal) => _ordinalById.TryGetValue(id, out ordinal);

    public bool IsDeleted(int ordinal) => (_tombstones[ordinal >> 6] & (1UL << ordinal)) != 0;

    /// <summary>Hands out the next ordinal for <paramref name="id"/>, which must not be live.</summary>
    public int Append(string id)
    {
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, Count * 2);
        }

        if ((Count >> 6) >= _tombstones.Length)
        {
            Array.Resize(ref _tombstones, _tombstones.Length * 2);
        }

        var ordinal = Count++;
        _ids[ordinal] = id;
        _ordinalById.Add(id, ordinal);
        return ordinal;
    }

    /// <summary>Marks the live document <paramref name="id"/> deleted and returns its ordinal.</summary>
    public bool TryDelete(string id, out int ordinal)
    {
        if (!_ordinalById.Remove(id, out ordinal))
        {
            return false;
        }

        _tombstones[ordinal >> 6] |= 1UL << ordinal;
        DeletedCount++;
        DeleteGeneration++;
        return true;
    }
}
