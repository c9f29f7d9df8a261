using System.Text.Json;

namespace OrleansSearch.Grains;

/// <summary>A document to write: its id, field values as JSON (by the index's field kinds) and an optional expected version.</summary>
/// <param name="IfVersion">Write only if the stored version is this (0: only if the document does not exist).</param>
[GenerateSerializer]
[Alias("OrleansSearch.SourceDocument")]
public sealed record SourceDocument([property: Id(0)] string Id, [property: Id(1)] IReadOnlyDictionary<string, JsonElement> Fields, [property: Id(2)] long? IfVersion = null);

/// <summary>A document to delete, with an optional expected version.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.DocumentDelete")]
public sealed record DocumentDelete([property: Id(0)] string Id, [property: Id(1)] long? IfVersion = null);

/// <summary>What happened to one document of a write: ok with its new version, or an error code and reason.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.DocumentOutcome")]
public sealed record DocumentOutcome([property: Id(0)] string Id, [property: Id(1)] bool Ok, [property: Id(2)] long Version, [property: Id(3)] string? ErrorCode = null, [property: Id(4)] string? Message = null)
{
    public static DocumentOutcome Failed(string id, string code, string message) => new(id, false, 0, code, message);
}

/// <summary>A stored document as written, with its version.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.StoredDocument")]
public sealed record StoredDocument([property: Id(0)] string Id, [property: Id(1)] long Version, [property: Id(2)] IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>Stable error codes of document outcomes.</summary>
public static class DocumentErrorCodes
{
    public const string InvalidDocument = "invalid_document";
    public const string VersionConflict = "version_conflict";
    public const string NotFound = "not_found";
}
