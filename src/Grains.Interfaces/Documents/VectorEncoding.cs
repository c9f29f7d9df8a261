using System.Buffers.Binary;

namespace OrleansSearch.Grains;

/// <summary>
/// The compact wire form of a vector value: base64 of its components as little-endian float32, about half
/// the size of a JSON array of numbers. Vector fields accept either form.
/// </summary>
public static class VectorEncoding
{
    public static string ToBase64(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes a base64 float32 vector; false when the text is not base64 or not a whole number of floats.</summary>
    public static bool TryFromBase64(string text, out float[] vector)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, bytes, out int written) || written % sizeof(float) != 0)
        {
            vector = [];
            return false;
        }
        vector = new float[written / sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }
        return true;
    }
}
