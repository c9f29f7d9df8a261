using System.Text.Json;

namespace OrleansSearch.Grains;

/// <summary>A document to write: its id, field values as JSON (by the index's field kinds) and an optional expected version.</summary>
/// <param name="IfVersion">Write only if the stored version is this (0: only if the document does not exist).</param>
public sealed record SourceDocument(string Id, IReadOnlyDictionary<string, JsonElement> Fields, long? IfVersion = null);

/// <summary>A document to delete, with an optional expected version.</summary>
public sealed record DocumentDelete(string Id, long? IfVersion = null);

/// <summary>What happened to one document of a write: ok with its new version, or an error code and reason.</summary>
public sealed record DocumentOutcome(string Id, bool Ok, long Version, string? ErrorCode = null, string? Message = null)
{
    public static DocumentOutcome Failed(string id, string code, string message) => new(id, false, 0, code, message);
}

/// <summary>A stored document as written, with its version.</summary>
public sealed record StoredDocument(string Id, long Version, IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>Stable error codes of document outcomes.</summary>
public static class DocumentErrorCodes
{
    public const string InvalidDocument = "invalid_document";
    public const string VersionConflict = "version_conflict";
    public const string NotFound = "not_found";
}
