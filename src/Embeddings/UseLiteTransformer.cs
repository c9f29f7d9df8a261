using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace OrleansSearch.Embeddings;

/// <summary>
/// The Universal Sentence Encoder lite network, reproduced from its TF.js graph (model.json): token embedding
/// (256-d) taken twice plus a sinusoidal timing signal; two pre-LayerNorm transformer layers with 4 attention
/// heads (layer 0 attends in 256-d and projects its residual 256→512; layer 1 is 512-d throughout; ReLU
/// feed-forward of width 1536); no final LayerNorm; mean over the tokens, a tanh dense layer, L2 normalisation.
/// <para>
/// Dense layers are register-blocked products over packed weights (<see cref="PackedWeights"/>), and they run
/// over every token row of a pack of texts at once (<see cref="TextPacks"/>): reading the 20 MB of weights costs
/// the same for one row as for many, and a short text alone has too few rows to pay for it. Working buffers
/// come from a pool so a warm encoder allocates only the returned vectors.
/// </para>
/// </summary>
internal sealed class UseLiteTransformer
{
    public const int MaxTokens = 128;

    /// <summary>Most tokens one <see cref="Encode(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{float})"/> call takes: the size of a pooled workspace.</summary>
    public const int PackTokens = 256;
    public const int OutputWidth = 512;
    private const int EmbeddingWidth = 256;
    private const int Width = 512;
    private const int FeedForwardWidth = 1536;
    private const int Heads = 4;
    private const int VocabularyRows = 8002;

    private const string Stack = "module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/";
    private const string EncodeScope = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
    private const string Variables = "module/Encoder_en/KonaTransformer/Encode/";
    private const string ConcatSuffix = "/ConcatPartitions/concat";

    private readonly float[] _embeddings;
    private readonly float[] _inverseTimescales;
    private readonly PackedWeights _residualProjection;
    private readonly float[] _residualProjectionBias;
    private readonly Layer _layer0;
    private readonly Layer _layer1;
    private readonly PackedWeights _outputWeights;
    private readonly float[] _outputBias;
    private readonly float _epsilon;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    public UseLiteTransformer(TfjsWeights weights)
    {
        _embeddings = weights.Get("module/Embeddings_en", VocabularyRows * EmbeddingWidth);
        _inverseTimescales = weights.Get(Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", EmbeddingWidth / 2);
        _residualProjection = Packed(weights, EncodeScope + "Layer_0/TransformerLayer/dense/kernel" + ConcatSuffix, EmbeddingWidth, Width);
        _residualProjectionBias = weights.Get(EncodeScope + "Layer_0/TransformerLayer/dense/bias" + ConcatSuffix, Width);
        _layer0 = new Layer(weights, 0, EmbeddingWidth);
        _layer1 = new Layer(weights, 1, Width);
        _outputWeights = Packed(weights, "module/Encoder_en/hidden_layers/tanh_layer_0/weights", Width, OutputWidth);
        _outputBias = weights.Get("module/Encoder_en/hidden_layers/tanh_layer_0/bias", OutputWidth);
        _epsilon = weights.Get(Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x", 1)[0];
    }

    /// <summary>Writes the unit-length embedding of 1 to <see cref="MaxTokens"/> token ids into <paramref name="destination"/>.</summary>
    public void Encode(ReadOnlySpan<int> ids, Span<float> destination) => Encode(ids, [ids.Length], destination);

    /// <summary>
    /// Encodes a pack of texts at once: <paramref name="ids"/> holds their token ids back to back,
    /// <paramref name="lengths"/> how many belong to each (1 to <see cref="MaxTokens"/>, at most
    /// <see cref="PackTokens"/> in all), and text i's embedding goes to destination[i * OutputWidth ..].
    /// The dense layers run over all the pack's rows together; attention and pooling stay within each text, and
    /// every output element is summed in the same order as when the text is encoded alone, so the embeddings
    /// are bit-identical to one-text packs.
    /// </summary>
    public void Encode(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths, Span<float> destination)
    {
        int n = CheckPack(ids, lengths);
        if (destination.Length < lengths.Length * OutputWidth)
        {
            throw new ArgumentException($"{lengths.Length} embeddings need {lengths.Length * OutputWidth} floats of room.", nameof(destination));
        }

        Workspace w = _workspaces.TryTake(out Workspace? reused) ? reused : new Workspace();
        try
        {
            Embed(ids, lengths, w.Input);

            // Layer 0: attention in 256-d, its output and the projected residual both 512-d.
            Span<float> hidden = w.Hidden.AsSpan(0, n * Width);
            Attend(_layer0, w.Input.AsSpan(0, n * EmbeddingWidth), n, lengths, w, hidden, accumulate: false);
            _residualProjection.Multiply(w.Input, n, _residualProjectionBias, hidden, accumulate: true);
            FeedForward(_layer0, hidden, n, w);

            Attend(_layer1, hidden, n, lengths, w, hidden, accumulate: true);
            FeedForward(_layer1, hidden, n, w);

            Span<float> pooled = w.Pooled.AsSpan(0, lengths.Length * Width);
            pooled.Clear();
            int first = 0;
            for (int text = 0; text < lengths.Length; text++)
            {
                Span<float> mean = pooled.Slice(text * Width, Width);
                for (int t = first; t < first + lengths[text]; t++)
                {
                    TensorPrimitives.Add(mean, hidden.Slice(t * Width, Width), mean);
                }

                TensorPrimitives.Divide(mean, lengths[text], mean);
                first += lengths[text];
            }

            _outputWeights.Multiply(pooled, lengths.Length, _outputBias, destination, accumulate: false);
            for (int text = 0; text < lengths.Length; text++)
            {
                Span<float> output = destination.Slice(text * OutputWidth, OutputWidth);
                TensorPrimitives.Tanh(output, output);
                float norm = TensorPrimitives.Norm(output);
                TensorPrimitives.Divide(output, MathF.Max(norm, 1e-6f), output);
            }
        }
        finally
        {
            _workspaces.Add(w);
        }
    }

    /// <summary>Checks a pack's shape and returns its total number of tokens.</summary>
    private static int CheckPack(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths)
    {
        int n = 0;
        foreach (int length in lengths)
        {
            if (length is <= 0 or > MaxTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), length, $"The encoder takes 1 to {MaxTokens} tokens per text.");
            }

            n += length;
        }

        if (lengths.IsEmpty || n != ids.Length || n > PackTokens)
        {
            throw new ArgumentException($"A pack holds 1 to {PackTokens} tokens of at least one text, and its lengths must add up to its {ids.Length} ids (they add up to {n}).", nameof(lengths));
        }

        return n;
    }

    /// <summary>
    /// 2 × token embedding + [sin(p·τ), cos(p·τ)] (the graph adds the embedding to itself plus the timing
    /// signal), the position p counted from the start of each text.
    /// </summary>
    private void Embed(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths, float[] input)
    {
        const int half = EmbeddingWidth / 2;
        int row = 0;
        foreach (int length in lengths)
        {
            for (int position = 0; position < length; position++, row++)
            {
                int id = ids[row];
                if ((uint)id >= VocabularyRows)
                {
                    throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id must be below {VocabularyRows}.");
                }

                ReadOnlySpan<float> embedding = _embeddings.AsSpan(id * EmbeddingWidth, EmbeddingWidth);
                Span<float> target = input.AsSpan(row * EmbeddingWidth, EmbeddingWidth);
                for (int j = 0; j < half; j++)
                {
                    float angle = position * _inverseTimescales[j];
                    target[j] = embedding[j] + embedding[j] + MathF.Sin(angle);
                    target[half + j] = embedding[half + j] + embedding[half + j] + MathF.Cos(angle);
                }
            }
        }
    }

    /// <summary>
    /// Pre-LayerNorm multi-head self-attention: output (+)= W_o · attention(LN(input)) + b_o, each text of the
    /// pack attending only to its own tokens.
    /// </summary>
    private void Attend(Layer layer, ReadOnlySpan<float> input, int n, ReadOnlySpan<int> lengths, Workspace w, Span<float> output, bool accumulate)
    {
        int width = layer.InputWidth;
        Span<float> normalized = w.Normalized.AsSpan(0, n * width);
        LayerNorm(input, n, width, layer.AttentionNormScale, layer.AttentionNormBias, normalized);

        int qkvWidth = 3 * width;
        Span<float> qkv = w.Qkv.AsSpan(0, n * qkvWidth);
        layer.QkvWeights.Multiply(normalized, n, layer.QkvBias, qkv, accumulate: false);

        Span<float> attended = w.Attended.AsSpan(0, n * width);
        attended.Clear();
        int first = 0;
        foreach (int length in lengths)
        {
            AttendWithin(layer, qkv.Slice(first * qkvWidth, length * qkvWidth), length, w.Scores.AsSpan(0, length), attended.Slice(first * width, length * width));
            first += length;
        }

        layer.OutputWeights.Multiply(attended, n, layer.OutputBias, output, accumulate);
    }

    /// <summary>Scaled dot-product attention of one text's <paramref name="n"/> tokens, all heads, into <paramref name="attended"/> (cleared).</summary>
    private static void AttendWithin(Layer layer, ReadOnlySpan<float> qkv, int n, Span<float> scores, Span<float> attended)
    {
        int width = layer.InputWidth;
        int qkvWidth = 3 * width;
        int headWidth = width / Heads;
        for (int head = 0; head < Heads; head++)
        {
            int queryOffset = head * headWidth;
            int keyOffset = width + queryOffset;
            int valueOffset = 2 * width + queryOffset;
            for (int t = 0; t < n; t++)
            {
                ReadOnlySpan<float> query = qkv.Slice(t * qkvWidth + queryOffset, headWidth);
                for (int s = 0; s < n; s++)
                {
                    scores[s] = TensorPrimitives.Dot(query, qkv.Slice(s * qkvWidth + keyOffset, headWidth)) * layer.QueryScale;
                }

                TensorPrimitives.Subtract(scores, TensorPrimitives.Max(scores), scores);
                TensorPrimitives.SoftMax(scores, scores);
                Span<float> target = attended.Slice(t * width + queryOffset, headWidth);
                for (int s = 0; s < n; s++)
                {
                    TensorPrimitives.MultiplyAdd(qkv.Slice(s * qkvWidth + valueOffset, headWidth), scores[s], target, target);
                }
            }
        }
    }

    /// <summary>Pre-LayerNorm feed-forward with residual: hidden += W₂ · ReLU(W₁ · LN(hidden) + b₁) + b₂.</summary>
    private void FeedForward(Layer layer, Span<float> hidden, int n, Workspace w)
    {
        Span<float> normalized = w.Normalized.AsSpan(0, n * Width);
        LayerNorm(hidden, n, Width, layer.FeedForwardNormScale, layer.FeedForwardNormBias, normalized);
        Span<float> inner = w.FeedForward.AsSpan(0, n * FeedForwardWidth);
        layer.FeedForward1.Multiply(normalized, n, layer.FeedForward1Bias, inner, accumulate: false);
        TensorPrimitives.Max(inner, 0f, inner);
        layer.FeedForward2.Multiply(inner, n, layer.FeedForward2Bias, hidden, accumulate: true);
    }

    private void LayerNorm(ReadOnlySpan<float> input, int n, int width, float[] scale, float[] bias, Span<float> output)
    {
        for (int t = 0; t < n; t++)
        {
            ReadOnlySpan<float> row = input.Slice(t * width, width);
            Span<float> target = output.Slice(t * width, width);
            float mean = TensorPrimitives.Sum(row) / width;
            TensorPrimitives.Subtract(row, mean, target);
            float variance = TensorPrimitives.SumOfSquares(target) / width;
            TensorPrimitives.Multiply(target, 1f / MathF.Sqrt(variance + _epsilon), target);
            TensorPrimitives.MultiplyAdd(target, scale, bias, target);
        }
    }

    private static PackedWeights Packed(TfjsWeights weights, string name, int inWidth, int outWidth) =>
        new(weights.Get(name, inWidth * outWidth), inWidth, outWidth);

    private sealed class Layer
    {
        public Layer(TfjsWeights weights, int index, int inputWidth)
        {
            string encode = $"{EncodeScope}Layer_{index}/TransformerLayer/";
            string stack = $"{Stack}Layer_{index}/TransformerLayer/";
            string variables = $"{Variables}Layer_{index}/TransformerLayer/";
            InputWidth = inputWidth;
            AttentionNormScale = weights.Get(encode + "layer_prepostprocess/layer_norm/layer_norm_scale" + ConcatSuffix, inputWidth);
            AttentionNormBias = weights.Get(encode + "layer_prepostprocess/layer_norm/layer_norm_bias" + ConcatSuffix, inputWidth);
            QkvWeights = Packed(weights, variables + "MultiheadAttention/qkv_transform_single/kernel/part_0", inputWidth, 3 * inputWidth);
            QkvBias = weights.Get(encode + "MultiheadAttention/qkv_transform_single/bias" + ConcatSuffix, 3 * inputWidth);
            QueryScale = weights.Get(stack + "MultiheadAttention/mul/y", 1)[0];
            OutputWeights = Packed(weights, variables + "MultiheadAttention/output_transform_single/kernel/part_0", inputWidth, Width);
            OutputBias = weights.Get(encode + "MultiheadAttention/output_transform_single/bias" + ConcatSuffix, Width);
            FeedForwardNormScale = weights.Get(encode + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale" + ConcatSuffix, Width);
            FeedForwardNormBias = weights.Get(encode + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias" + ConcatSuffix, Width);
            FeedForward1 = Packed(weights, stack + "FFN/conv1/Tensordot/Reshape_1", Width, FeedForwardWidth);
            FeedForward1Bias = weights.Get(encode + "FFN/conv1/bias" + ConcatSuffix, FeedForwardWidth);
            FeedForward2 = Packed(weights, stack + "FFN/conv2/Tensordot/Reshape_1", FeedForwardWidth, Width);
            FeedForward2Bias = weights.Get(encode + "FFN/conv2/bias" + ConcatSuffix, Width);
        }

        public int InputWidth { get; }

        public float[] AttentionNormScale { get; }

        public float[] AttentionNormBias { get; }

        public PackedWeights QkvWeights { get; }

        public float[] QkvBias { get; }

        public float QueryScale { get; }

        public PackedWeights OutputWeights { get; }

        public float[] OutputBias { get; }

        public float[] FeedForwardNormScale { get; }

        public float[] FeedForwardNormBias { get; }

        public PackedWeights FeedForward1 { get; }

        public float[] FeedForward1Bias { get; }

        public PackedWeights FeedForward2 { get; }

        public float[] FeedForward2Bias { get; }
    }

    /// <summary>Buffers for one pack of up to <see cref="PackTokens"/> tokens (so up to as many texts), sized for the widest layer.</summary>
    private sealed class Workspace
    {
        public float[] Input { get; } = new float[PackTokens * EmbeddingWidth];

        public float[] Normalized { get; } = new float[PackTokens * Width];

        public float[] Qkv { get; } = new float[PackTokens * 3 * Width];

        public float[] Attended { get; } = new float[PackTokens * Width];

        public float[] Hidden { get; } = new float[PackTokens * Width];

        public float[] FeedForward { get; } = new float[PackTokens * FeedForwardWidth];

        public float[] Scores { get; } = new float[MaxTokens];

        public float[] Pooled { get; } = new float[PackTokens * Width];
    }
}
