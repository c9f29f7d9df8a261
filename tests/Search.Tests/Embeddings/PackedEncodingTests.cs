using System.Text.Json;
using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>
/// Texts encoded together in a pack get exactly the bits they get when encoded alone: on the 47 reference
/// sentences, the 300 SciFact test claims, a full 128-token chunk and a one-token text, packed in several ways.
/// </summary>
[Collection(UseLiteModelCollection.Name)]
public sealed class PackedEncodingTests(UseLiteModelFixture model)
{
    private readonly UniversalSentenceEncoder _encoder = model.Encoder;

    [Theory]
    [InlineData(64, false)]
    [InlineData(128, false)]
    [InlineData(UseLiteTransformer.PackTokens, false)]
    [InlineData(UseLiteTransformer.PackTokens, true)]
    public void Every_text_in_a_pack_encodes_as_it_does_alone(int tokenBudget, bool reversed)
    {
        int[][] texts = [.. TestTexts().Select(text => _encoder.Tokenize(text)[..Math.Min(_encoder.Tokenize(text).Length, _encoder.MaxTokens)])];
        if (reversed)
        {
            Array.Reverse(texts);
        }

        int[] lengths = [.. texts.Select(ids => ids.Length)];
        Assert.Contains(128, lengths);
        Assert.Contains(1, lengths);
        List<TextPack> packs = TextPacks.Group(lengths, tokenBudget);
        int sharing = packs.Where(pack => pack.TextCount > 1).Sum(pack => pack.TextCount);
        Assert.True(sharing > texts.Length / 2, $"only {sharing} of {texts.Length} texts share their pack");
        foreach (TextPack pack in packs)
        {
            int[] ids = [.. texts.Skip(pack.FirstText).Take(pack.TextCount).SelectMany(text => text)];
            var vectors = new float[pack.TextCount * UseLiteTransformer.OutputWidth];
            _encoder.Transformer.Encode(ids, lengths.AsSpan(pack.FirstText, pack.TextCount), vectors);
            for (int j = 0; j < pack.TextCount; j++)
            {
                float[] alone = _encoder.EmbedTokens(texts[pack.FirstText + j]);
                Assert.True(alone.AsSpan().SequenceEqual(vectors.AsSpan(j * UseLiteTransformer.OutputWidth, UseLiteTransformer.OutputWidth)),
                    $"text {pack.FirstText + j} ({lengths[pack.FirstText + j]} tokens) differs in a pack of {pack.TextCount} texts");
            }
        }
    }

    [Fact]
    public void A_batch_of_claims_equals_one_call_per_claim()
    {
        string[] claims = ReadClaims();
        float[][] batch = _encoder.Embed(claims);
        for (int i = 0; i < claims.Length; i++)
        {
            Assert.True(batch[i].AsSpan().SequenceEqual(_encoder.Embed(claims[i])), $"claim {i} differs between the batch and a call of its own");
        }
    }

    [Fact]
    public void Packs_that_do_not_fit_the_encoder_are_refused()
    {
        UseLiteTransformer transformer = _encoder.Transformer;
        var destination = new float[4 * UseLiteTransformer.OutputWidth];
        Assert.Throws<ArgumentException>(() => transformer.Encode([1, 2, 3], [1, 1], destination));
        Assert.Throws<ArgumentException>(() => transformer.Encode([], [], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => transformer.Encode([1, 2], [2, 0], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => transformer.Encode(new int[129], [129], destination));
        Assert.Throws<ArgumentException>(() => transformer.Encode(new int[UseLiteTransformer.PackTokens + 1], [128, 128, 1], destination));
        Assert.Throws<ArgumentException>(() => transformer.Encode([1, 2], [1, 1], new float[UseLiteTransformer.OutputWidth]));
        Assert.Throws<ArgumentOutOfRangeException>(() => transformer.Encode([1, 8002], [1, 1], destination));
    }

    private IEnumerable<string> TestTexts()
    {
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("embeddings/use-lite-reference-47.json")));
        string[] sentences = [.. reference.RootElement.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()!)];
        string longText = string.Concat(sentences);
        Assert.True(_encoder.Tokenize(longText).Length > 128);
        string oneToken = "cat";
        Assert.Single(_encoder.Tokenize(oneToken));
        return [.. sentences, .. ReadClaims(), longText, oneToken];
    }

    private static string[] ReadClaims() =>
        [.. File.ReadLines(SharedData.PathOf("scifact/queries.test.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)];
}
