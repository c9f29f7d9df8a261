using System.Text.Json;
using OrleansSearch.Embeddings;
using Xunit.Abstractions;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>
/// The C# encoder reproduces the package's JS runtime: identical token ids and cosine ≥ 0.9999 with every
/// reference vector (shared/data/embeddings/use-lite-reference*.json).
/// </summary>
[Collection(UseLiteModelCollection.Name)]
public sealed class UniversalSentenceEncoderReferenceTests(UseLiteModelFixture model, ITestOutputHelper output)
{
    private readonly UniversalSentenceEncoder _encoder = model.Encoder;

    public static TheoryData<string> ReferenceFiles => ["use-lite-reference.json", "use-lite-reference-47.json"];

    [Fact]
    public void Token_ids_match_the_js_tokenizer()
    {
        using JsonDocument small = Load("use-lite-reference.json");
        foreach (JsonProperty entry in small.RootElement.GetProperty("token_ids").EnumerateObject())
        {
            Assert.Equal(Ids(entry.Value), _encoder.Tokenize(entry.Name));
        }

        using JsonDocument large = Load("use-lite-reference-47.json");
        JsonElement sentences = large.RootElement.GetProperty("sentences");
        JsonElement tokenIds = large.RootElement.GetProperty("token_ids");
        for (int i = 0; i < sentences.GetArrayLength(); i++)
        {
            Assert.Equal(Ids(tokenIds[i]), _encoder.Tokenize(sentences[i].GetString()!));
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Every_embedding_has_cosine_at_least_0_9999_with_the_reference(string file)
    {
        using JsonDocument reference = Load(file);
        JsonElement sentences = reference.RootElement.GetProperty("sentences");
        JsonElement embeddings = reference.RootElement.GetProperty("embeddings");
        double minimum = 1;
        for (int i = 0; i < sentences.GetArrayLength(); i++)
        {
            string sentence = sentences[i].GetString()!;
            double cosine = Cosine(_encoder.Embed(sentence), embeddings[i].EnumerateArray().Select(e => e.GetSingle()).ToArray());
            Assert.True(cosine >= 0.9999, $"cosine {cosine:F6} with the reference for '{sentence}'");
            minimum = Math.Min(minimum, cosine);
        }

        output.WriteLine($"{file}: minimum cosine with the JS reference {minimum:F9} (1 - {1 - minimum:E2})");
    }

    [Fact]
    public void Pairwise_cosines_match_the_reference()
    {
        using JsonDocument reference = Load("use-lite-reference.json");
        float[][] vectors = _encoder.Embed(reference.RootElement.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()!).ToArray());
        foreach (JsonProperty pair in reference.RootElement.GetProperty("cosine").EnumerateObject())
        {
            int[] ends = pair.Name.Split('-').Select(int.Parse).ToArray();
            Assert.Equal(pair.Value.GetDouble(), Cosine(vectors[ends[0]], vectors[ends[1]]), 4);
        }
    }

    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("embeddings/" + file)));

    private static int[] Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
