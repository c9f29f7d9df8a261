using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansSearch.Search.Snapshots;

/// <summary>Little-endian primitive and array writes into a growing buffer.</summary>
internal sealed class SnapshotWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public SnapshotWriter(int initialCapacity = 4096) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>A string as its UTF-8 byte count and bytes; null as count -1.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>Raw bytes, preceded by nothing (the caller writes any length).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteInt32Array(ReadOnlySpan<int> values)
    {
        WriteInt32(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }

    public void WriteUInt64Array(ReadOnlySpan<ulong> values)
    {
        WriteInt32(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }

    public void WriteDoubleArray(ReadOnlySpan<double> values)
    {
        WriteInt32(values.Length);
        WriteBytes(MemoryMarshal.AsBytes(values));
    }
}
