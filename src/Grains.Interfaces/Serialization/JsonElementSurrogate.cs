using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace OrleansSearch.Grains.Serialization;

/// <summary>
/// Document field values travel as <see cref="JsonElement"/> (their types follow the index schema, checked in the
/// shard). Orleans has no codec for it, so it crosses the wire as its raw JSON text.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.JsonElement")]
[SuppressMessage("Design", "CA1051", Justification = "A wire surrogate, in Orleans' documented shape: a struct of [Id] fields.")]
public struct JsonElementSurrogate
{
    [Id(0)]
    public string Json;
}

[RegisterConverter]
public sealed class JsonElementConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new() { Json = value.GetRawText() };
}
