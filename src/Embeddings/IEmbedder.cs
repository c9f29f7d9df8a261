namespace OrleansSearch.Embeddings;

/// <summary>
/// Turns texts into fixed-size vectors for a <see cref="Vectors.VectorIndex"/>. Index time and query time must
/// use the same embedder for a field, or the vectors will not be comparable.
/// </summary>
public interface IEmbedder
{
    /// <summary>Length of every vector this embedder returns.</summary>
    int Dimension { get; }

    /// <summary>Tokens the model reads per text; longer input is truncated (or chunked, where the embedder offers it).</summary>
    int MaxTokens { get; }

    /// <summary>Embeds each text of the batch; result i belongs to text i.</summary>
    float[][] Embed(IReadOnlyList<string> texts);

    /// <summary>Embeds off the caller's thread; embedding is CPU-bound, so the default runs <see cref="Embed"/> on the thread pool.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Task.Run(() => Embed(texts), cancellationToken);
}
