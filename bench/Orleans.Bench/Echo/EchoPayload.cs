namespace OrleansSearch.Orleans.Bench.Echo;

/// <summary>
/// The bytes a call carries there and back. Immutable: nobody writes to the array after creating it, so Orleans may
/// hand the same instance to a grain in the same silo instead of deep-copying it (the cheap path co-hosted calls take).
/// </summary>
[GenerateSerializer, Immutable, Alias("bench.EchoPayload")]
public sealed class EchoPayload(byte[] bytes)
{
    [Id(0)]
    public byte[] Bytes { get; } = bytes;

    public static EchoPayload Create(int size)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return new EchoPayload(bytes);
    }
}
