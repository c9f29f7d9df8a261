using System.Buffers.Binary;

namespace OrleansSearch.Orleans.Bench.RawTcp;

/// <summary>
/// The baseline's wire format: a 4-byte little-endian length of what follows, a 4-byte request id, then the payload.
/// The id lets many requests share one connection (pipelining), as Orleans multiplexes calls over one connection.
/// </summary>
internal static class EchoFrames
{
    public const int HeaderSize = 8;

    public static int Write(Span<byte> destination, int requestId, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, payload.Length + 4);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], requestId);
        payload.CopyTo(destination[HeaderSize..]);
        return HeaderSize + payload.Length;
    }

    /// <summary>The size of the complete frame at the start of <paramref name="buffer"/>, or 0 when more bytes are needed.</summary>
    public static int TryFrameSize(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < HeaderSize)
        {
            return 0;
        }
        int size = 4 + BinaryPrimitives.ReadInt32LittleEndian(buffer);
        return buffer.Length >= size ? size : 0;
    }

    public static int RequestId(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32LittleEndian(frame[4..]);
}
