using System.Runtime.InteropServices;
using System.Text.Json;

namespace OrleansSearch.Embeddings;

/// <summary>
/// The named float32 tensors of a TF.js graph model: model.json's weightsManifest lists each weight's name,
/// shape and dtype, and the weights lie back to back in the concatenation of the shard files it names.
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, float[]> _tensors;

    private TfjsWeights(Dictionary<string, float[]> tensors) => _tensors = tensors;

    /// <summary>Reads the manifest of <paramref name="modelJson"/> and slices the shards found by <paramref name="readFile"/> (path relative to model.json).</summary>
    public static TfjsWeights Load(ReadOnlySpan<byte> modelJson, Func<string, byte[]> readFile)
    {
        var reader = new Utf8JsonReader(modelJson);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (JsonElement group in document.RootElement.GetProperty("weightsManifest").EnumerateArray())
        {
            using var data = new MemoryStream();
            foreach (JsonElement path in group.GetProperty("paths").EnumerateArray())
            {
                data.Write(readFile(path.GetString()!));
            }

            byte[] bytes = data.GetBuffer();
            long offset = 0;
            foreach (JsonElement weight in group.GetProperty("weights").EnumerateArray())
            {
                long elements = 1;
                foreach (JsonElement dimension in weight.GetProperty("shape").EnumerateArray())
                {
                    elements *= dimension.GetInt64();
                }

                string dtype = weight.GetProperty("dtype").GetString()!;
                if (dtype is not ("float32" or "int32"))
                {
                    throw new InvalidDataException($"Weight '{weight.GetProperty("name").GetString()}' has dtype {dtype}; only float32 and int32 weights are supported.");
                }

                long byteCount = elements * 4;
                if (offset + byteCount > data.Length)
                {
                    throw new InvalidDataException($"The weight shards hold {data.Length} bytes, fewer than the manifest describes.");
                }

                if (dtype == "float32")
                {
                    tensors[weight.GetProperty("name").GetString()!] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)offset, (int)byteCount)).ToArray();
                }

                offset += byteCount;
            }
        }

        return new TfjsWeights(tensors);
    }

    /// <summary>The tensor called <paramref name="name"/>, flattened row-major; checks its element count.</summary>
    public float[] Get(string name, int expectedLength)
    {
        if (!_tensors.TryGetValue(name, out float[]? tensor))
        {
            throw new InvalidDataException($"The model has no float32 weight '{name}'.");
        }

        if (tensor.Length != expectedLength)
        {
            throw new InvalidDataException($"Weight '{name}' has {tensor.Length} elements; expected {expectedLength}.");
        }

        return tensor;
    }
}
