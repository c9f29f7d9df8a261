using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansSearch.Search.Snapshots;

/// <summary>
/// Bounds-checked little-endian reads from a snapshot section; any read past the end or any
/// impossible length throws <see cref="SnapshotException"/> naming the section.
/// </summary>
internal ref struct SnapshotReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _section;
    private int _position;

    public SnapshotReader(ReadOnlySpan<byte> data, string section)
    {
        _data = data;
        _section = section;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public string? ReadString()
    {
        var length = ReadInt32();
        if (length == -1)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Take(ReadLength(length, 1)));
    }

    public string ReadRequiredString() => ReadString() ?? throw Corrupt("a required string is null");

    public int[] ReadInt32Array() => MemoryMarshal.Cast<byte, int>(Take(ReadLength(ReadInt32(), 4) * 4)).ToArray();

    public ulong[] ReadUInt64Array() => MemoryMarshal.Cast<byte, ulong>(Take(ReadLength(ReadInt32(), 8) * 8)).ToArray();

    public double[] ReadDoubleArray() => MemoryMarshal.Cast<byte, double>(Take(ReadLength(ReadInt32(), 8) * 8)).ToArray();

    public byte[] ReadByteArray() => Take(ReadLength(ReadInt32(), 1)).ToArray();

    public readonly SnapshotException Corrupt(string reason) => new($"Snapshot section '{_section}' is corrupt at byte {_position}: {reason}.");

    /// <summary>Checks that <paramref name="count"/> items of <paramref name="size"/> bytes can still follow.</summary>
    private readonly int ReadLength(int count, int size)
    {
        if (count < 0 || (long)count * size > _data.Length - _position)
        {
            throw Corrupt($"length {count} does not fit in the {_data.Length - _position} bytes left");
        }

        return count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw Corrupt($"needs {count} more bytes, {_data.Length - _position} left");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
