using System.Text.Json;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Fills the <c>embed_from</c> vector fields of documents being written: each document that does not give the
/// vector itself gets the embedding of its source text fields, as a compact base64 float32 value, before the
/// write reaches the shards. The stored document therefore carries its vector, so a shard rebuilds without the
/// model. When the model is unavailable, only the documents that need it fail, each with
/// <c>embedding_unavailable</c>; the rest of the batch is written.
/// </summary>
internal sealed class DocumentEmbedder(TextEmbedder embedder)
{
    /// <summary>
    /// Returns the documents to write (with vectors added where needed) and, per position, the outcome of a
    /// document that must not be written (null: write it).
    /// </summary>
    public async Task<(List<DocumentInput> Documents, DocumentOutcome?[] Failed)> FillAsync(IndexSpec spec, List<DocumentInput> documents)
    {
        var failed = new DocumentOutcome?[documents.Count];
        var embedded = spec.Fields.Where(field => field.EmbedFrom is not null).ToList();
        if (embedded.Count == 0)
        {
            return (documents, failed);
        }
        var filled = new List<DocumentInput>(documents);
        foreach (var field in embedded)
        {
            var slots = new List<int>();
            var texts = new List<string>();
            for (int i = 0; i < filled.Count; i++)
            {
                if (filled[i]?.Fields is { } fields && !fields.ContainsKey(field.Name) && SourceText(field, fields) is { } text)
                {
                    slots.Add(i);
                    texts.Add(text);
                }
            }
            if (texts.Count == 0)
            {
                continue;
            }
            float[][] vectors;
            try
            {
                vectors = await embedder.EmbedAsync(texts);
            }
            catch (GatewayException unavailable) when (unavailable.Code == ErrorCodes.EmbeddingUnavailable)
            {
                foreach (int slot in slots)
                {
                    failed[slot] = DocumentOutcome.Failed(filled[slot].Id ?? "", ErrorCodes.EmbeddingUnavailable, $"Vector field '{field.Name}' is embedded from {string.Join(", ", field.EmbedFrom!)}: {unavailable.Message}");
                }
                continue;
            }
            for (int j = 0; j < slots.Count; j++)
            {
                var document = filled[slots[j]];
                var fields = new Dictionary<string, JsonElement>(document.Fields, StringComparer.Ordinal)
                {
                    [field.Name] = JsonSerializer.SerializeToElement(VectorEncoding.ToBase64(vectors[j])),
                };
                filled[slots[j]] = document with { Fields = fields };
            }
        }
        return (filled, failed);
    }

    /// <summary>The field's source texts joined by newlines, or null when the document has none (it then has no vector).</summary>
    private static string? SourceText(FieldSpec field, Dictionary<string, JsonElement> fields)
    {
        var parts = new List<string>();
        foreach (var source in field.EmbedFrom!)
        {
            if (!fields.TryGetValue(source, out var value))
            {
                continue;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                parts.Add(value.GetString()!);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
            }
        }
        string text = string.Join('\n', parts);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
