using System.Buffers;
using System.Text.Json;

namespace OrleansSearch.Runtime.Messaging;

/// <summary>
/// The default serializer: System.Text.Json with each value written as its declared type, arguments as
/// one JSON array. Readable on the wire and in storage rows, tolerant of added properties (older and
/// newer silos can share a cluster), and needs no generated code.
/// </summary>
public sealed class JsonMessageSerializer : IMessageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
        MaxDepth = 64,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public byte[] SerializeArguments(object?[] arguments, IReadOnlyList<Type> parameterTypes)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (int i = 0; i < arguments.Length; i++)
            {
                try
                {
                    JsonSerializer.Serialize(writer, arguments[i], parameterTypes[i], Options);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
                {
                    throw new GrainCallSerializationException(
                        $"Argument {i} of type {parameterTypes[i].Name} cannot be serialized: {exception.Message}", exception);
                }
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public object?[] DeserializeArguments(ReadOnlySpan<byte> payload, IReadOnlyList<Type> parameterTypes)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new GrainCallSerializationException("Arguments payload is not a JSON array.");
        }
        var arguments = new object?[parameterTypes.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new GrainCallSerializationException($"Arguments payload holds {i} values; the method takes {arguments.Length}.");
            }
            arguments[i] = JsonSerializer.Deserialize(ref reader, parameterTypes[i], Options);
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new GrainCallSerializationException($"Arguments payload holds more values than the method's {arguments.Length}.");
        }
        return arguments;
    }

    public byte[] SerializeValue(object? value, Type type)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, type, Options);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new GrainCallSerializationException($"A value of type {type.Name} cannot be serialized: {exception.Message}", exception);
        }
    }

    public object? DeserializeValue(ReadOnlySpan<byte> payload, Type type) => JsonSerializer.Deserialize(payload, type, Options);
}
