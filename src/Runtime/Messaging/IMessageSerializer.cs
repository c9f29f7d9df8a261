namespace OrleansSearch.Runtime.Messaging;

/// <summary>
/// Turns call arguments, results and persisted grain state into bytes and back. Pluggable: register
/// another implementation to change the wire and storage format (every silo and client of a cluster
/// must use the same one). Implementations throw on values they cannot represent; the runtime turns
/// that into a <see cref="GrainCallSerializationException"/> naming the argument.
/// </summary>
public interface IMessageSerializer
{
    byte[] SerializeArguments(object?[] arguments, IReadOnlyList<Type> parameterTypes);

    object?[] DeserializeArguments(ReadOnlySpan<byte> payload, IReadOnlyList<Type> parameterTypes);

    byte[] SerializeValue(object? value, Type type);

    object? DeserializeValue(ReadOnlySpan<byte> payload, Type type);
}
