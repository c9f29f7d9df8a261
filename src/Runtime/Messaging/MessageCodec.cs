using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansSearch.Runtime.Messaging;

/// <summary>
/// Binary framing of <see cref="Message"/>: a 4-byte little-endian length, then the header fields in a
/// fixed order, then the body. The size is computed first so each frame is written into one span with
/// no intermediate buffer. Decoding throws <see cref="InvalidDataException"/> on malformed input: a peer
/// that sends one is broken, and its connection is closed.
/// </summary>
internal static class MessageCodec
{
    public const int LengthPrefixSize = 4;
    private const int FixedHeaderSize = 8 + 1 + 1 + 1 + 1 + 1 + 4 + 8 + 8 + 4 + 4;

    /// <summary>Size of the frame without the length prefix.</summary>
    public static int GetPayloadSize(Message message)
    {
        int size = FixedHeaderSize
            + StringSize(message.Target.Type) + StringSize(message.Target.Key)
            + StringSize(message.TraceParent) + StringSize(message.ExceptionType) + StringSize(message.ExceptionMessage);
        foreach (string link in message.CallChain)
        {
            size += StringSize(link);
        }
        return size + message.Body.Length;
    }

    /// <summary>Writes the whole frame (length prefix included); <paramref name="payloadSize"/> comes from <see cref="GetPayloadSize"/>.</summary>
    public static void Write(Message message, int payloadSize, IBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(LengthPrefixSize + payloadSize);
        BinaryPrimitives.WriteInt32LittleEndian(span, payloadSize);
        int at = LengthPrefixSize;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], message.Id); at += 8;
        span[at++] = (byte)message.Kind;
        span[at++] = (byte)message.Flags;
        span[at++] = (byte)message.Status;
        span[at++] = (byte)message.Rejection;
        span[at++] = message.Hops;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], message.MethodId); at += 4;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], message.ViewVersion); at += 8;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], message.DeadlineUnixMs); at += 8;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], message.CallChain.Length); at += 4;
        at = WriteString(span, at, message.Target.Type);
        at = WriteString(span, at, message.Target.Key);
        at = WriteString(span, at, message.TraceParent);
        at = WriteString(span, at, message.ExceptionType);
        at = WriteString(span, at, message.ExceptionMessage);
        foreach (string link in message.CallChain)
        {
            at = WriteString(span, at, link);
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], message.Body.Length); at += 4;
        message.Body.Span.CopyTo(span[at..]);
        output.Advance(LengthPrefixSize + payloadSize);
    }

    /// <summary>Decodes one frame's payload (without its length prefix).</summary>
    public static Message Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedHeaderSize)
        {
            throw new InvalidDataException($"Frame of {payload.Length} bytes is shorter than a message header ({FixedHeaderSize} bytes).");
        }
        int at = 0;
        var message = new Message
        {
            Id = BinaryPrimitives.ReadInt64LittleEndian(payload),
            Kind = (MessageKind)payload[8],
            Flags = (MessageFlags)payload[9],
            Status = (ResponseStatus)payload[10],
            Rejection = (RejectionReason)payload[11],
            Hops = payload[12],
            MethodId = BinaryPrimitives.ReadUInt32LittleEndian(payload[13..]),
            ViewVersion = BinaryPrimitives.ReadInt64LittleEndian(payload[17..]),
            DeadlineUnixMs = BinaryPrimitives.ReadInt64LittleEndian(payload[25..]),
        };
        int chainLength = BinaryPrimitives.ReadInt32LittleEndian(payload[33..]);
        at = 37;
        if (chainLength < 0 || chainLength > 1024)
        {
            throw new InvalidDataException($"Call chain length {chainLength} is out of range 0..1024.");
        }
        string type = ReadString(payload, ref at) ?? throw new InvalidDataException("Message has no target grain type.");
        string key = ReadString(payload, ref at) ?? throw new InvalidDataException("Message has no target grain key.");
        message.Target = new GrainId(type, key);
        message.TraceParent = ReadString(payload, ref at);
        message.ExceptionType = ReadString(payload, ref at);
        message.ExceptionMessage = ReadString(payload, ref at);
        var chain = chainLength == 0 ? [] : new string[chainLength];
        for (int i = 0; i < chain.Length; i++)
        {
            chain[i] = ReadString(payload, ref at) ?? throw new InvalidDataException("Call chain holds a null link.");
        }
        message.CallChain = chain;
        int bodyLength = ReadLength(payload, ref at);
        message.Body = payload.Slice(at, bodyLength).ToArray();
        return message;
    }

    private static int StringSize(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private static int WriteString(Span<byte> span, int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], -1);
            return at + 4;
        }
        int written = Encoding.UTF8.GetBytes(value, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], written);
        return at + 4 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, ref int at)
    {
        if (at + 4 > payload.Length)
        {
            throw new InvalidDataException("Message header is truncated.");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
        if (length == -1)
        {
            at += 4;
            return null;
        }
        length = ReadLength(payload, ref at);
        string value = Encoding.UTF8.GetString(payload.Slice(at, length));
        at += length;
        return value;
    }

    private static int ReadLength(ReadOnlySpan<byte> payload, ref int at)
    {
        if (at + 4 > payload.Length)
        {
            throw new InvalidDataException("Message header is truncated.");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
        at += 4;
        if (length < 0 || length > payload.Length - at)
        {
            throw new InvalidDataException($"Field length {length} runs past the end of the frame.");
        }
        return length;
    }
}
