using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>Batches, long documents and empty input.</summary>
[Collection(UseLiteModelCollection.Name)]
public sealed class UniversalSentenceEncoderBehaviourTests(UseLiteModelFixture model)
{
    private const string LongText = "Hierarchical navigable small world graphs connect each vector to a few near neighbours on several layers, "
        + "and a search descends from the sparse top layer to the dense bottom one. ";

    private readonly UniversalSentenceEncoder _encoder = model.Encoder;

    [Fact]
    public void Reports_its_shape()
    {
        Assert.Equal(512, _encoder.Dimension);
        Assert.Equal(128, _encoder.MaxTokens);
    }

    [Fact]
    public void A_batch_equals_one_call_per_text()
    {
        string[] texts = ["The cat sat on the mat.", "A kitten rested on the rug.", "Stocks fell sharply.", "Ωmega 東京", LongText];
        float[][] batch = _encoder.Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(_encoder.Embed(texts[i]), batch[i]);
        }
    }

    [Fact]
    public async Task EmbedAsync_equals_Embed()
    {
        IEmbedder embedder = _encoder;
        Assert.Equal(_encoder.Embed(["semantic search"]), await embedder.EmbedAsync(["semantic search"]));
    }

    [Fact]
    public void Embed_truncates_at_128_tokens_but_EmbedDocument_reads_every_chunk()
    {
        string text = string.Concat(Enumerable.Repeat(LongText, 6)) + "The last chunk is about cooking pasta with tomatoes and basil.";
        int[] ids = _encoder.Tokenize(text);
        Assert.True(ids.Length > 256, $"the test text should span three chunks, it has {ids.Length} tokens");

        Assert.Equal(_encoder.EmbedTokens(ids.AsSpan(0, 128)), _encoder.Embed(text));

        float[] expected = new float[512];
        for (int start = 0; start < ids.Length; start += 128)
        {
            float[] chunk = _encoder.EmbedTokens(ids.AsSpan(start, Math.Min(128, ids.Length - start)));
            for (int d = 0; d < 512; d++)
            {
                expected[d] += chunk[d];
            }
        }

        float[] document = _encoder.EmbedDocument(text);
        Assert.Equal(1.0, Math.Sqrt(document.Sum(x => (double)x * x)), 5);
        Assert.True(UniversalSentenceEncoderReferenceTests.Cosine(expected, document) > 0.99999);
        Assert.True(UniversalSentenceEncoderReferenceTests.Cosine(_encoder.Embed(text), document) < 0.999);
    }

    [Fact]
    public void A_short_document_embeds_like_a_sentence() =>
        Assert.Equal(_encoder.Embed("A kitten rested on the rug."), _encoder.EmbedDocument("A kitten rested on the rug."));

    [Fact]
    public void Empty_text_is_an_argument_error_but_whitespace_embeds()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => _encoder.Embed("")).Message);
        Assert.Throws<ArgumentException>(() => _encoder.EmbedDocument(""));
        Assert.Equal(512, _encoder.Embed("   ").Length);
    }

    [Fact]
    public void A_null_or_empty_text_in_a_batch_is_an_argument_error_naming_its_position()
    {
        Assert.Contains("Text 1 ", Assert.Throws<ArgumentException>(() => _encoder.Embed(["a cat", null!, "a dog"])).Message);
        Assert.Contains("Text 2 ", Assert.Throws<ArgumentException>(() => _encoder.Embed(["a cat", "a dog", ""])).Message);
        Assert.Throws<ArgumentNullException>(() => _encoder.Embed((IReadOnlyList<string>)null!));
    }

    [Fact]
    public void A_lone_surrogate_is_an_unknown_token_not_an_error()
    {
        int[] ids = _encoder.Tokenize("\uD800 cat");
        Assert.Equal(_encoder.Tokenize("\uFFFD cat"), ids);
        Assert.Contains(0, ids);
        Assert.Equal(512, _encoder.Embed("\uD800 cat").Length);
    }

    [Fact]
    public void Similar_sentences_are_closer_than_unrelated_ones()
    {
        float[][] v = _encoder.Embed(["How do I reset my password?", "I forgot my login credentials.", "The volcano erupted last night."]);
        Assert.True(UniversalSentenceEncoderReferenceTests.Cosine(v[0], v[1]) > UniversalSentenceEncoderReferenceTests.Cosine(v[0], v[2]) + 0.1);
    }
}
