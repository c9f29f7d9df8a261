using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Grain state as plain System.Text.Json, for every provider we configure (SQLite, ADO.NET, Redis,
/// memory: <see cref="GrainStorageSetup"/> sets it as each one's <c>GrainStorageSerializer</c>).
/// Orleans' default storage serializer is Newtonsoft JSON with CLR <c>$type</c> names in every stored
/// row, so renaming or moving a state class breaks state already stored. Here the JSON carries
/// property names only and is read back as the type the grain asks for: a class may be renamed or
/// moved freely, a new property reads as its default, and an unknown (removed) property is skipped.
/// </summary>
/// <remarks>
/// What round-trips: public classes and records with public get/set or init properties, or a
/// constructor whose parameters match them; collections including <c>SortedSet</c>, dictionaries and
/// <c>IReadOnlyList</c>; <c>DateTimeOffset</c> (ISO 8601 with offset); enums as names, so reordering
/// enum members does not change stored meaning. Not kept: fields, and the runtime type of a
/// property declared as a base class or interface (no type names, by design).
/// </remarks>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    /// <summary>The settings every stored payload is written and read with. Changing them is a storage-format change.</summary>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateOptions();

    private readonly JsonSerializerOptions _options;

    public JsonGrainStorageSerializer()
        : this(DefaultOptions)
    {
    }

    public JsonGrainStorageSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            // Enum names survive reordering of members; their numbers would not.
            Converters = { new JsonStringEnumConverter() },
            // Get-only collection properties ("public List<string> Names { get; } = []") are filled
            // rather than silently left empty.
            PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
            // Large catalogs stay compact; state is read by programs, not people.
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
